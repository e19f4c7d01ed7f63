/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_SETTINGS_PAGE (ea_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (EaSettingsPage, ea_settings_page, EA, SETTINGS_PAGE, GtkWidget)

EaSettingsPage *ea_settings_page_new (EaSession *session);

/* For tests. */
void            _ea_settings_page_set_value (EaSettingsPage *self,
                                             guint           index,
                                             double          value);
void            _ea_settings_page_save      (EaSettingsPage *self);

G_END_DECLS
