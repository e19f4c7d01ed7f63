/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-settings-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
void            _ea_settings_page_set_value (EaSettingsPage *self,
                                             guint           index,
                                             double          value);
void            _ea_settings_page_save      (EaSettingsPage *self);

G_END_DECLS
