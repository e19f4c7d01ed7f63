/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-application.h"

G_BEGIN_DECLS

gboolean _ea_application_choose_renderer (void);

G_END_DECLS
