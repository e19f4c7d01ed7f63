/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-application.h"
#include "ea-window.h"

G_BEGIN_DECLS

void     _ea_application_logout          (EaApplication *self,
                                          EaWindow      *window);
gboolean _ea_application_choose_renderer (void);

G_END_DECLS
