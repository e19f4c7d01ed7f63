/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_SETTINGS_PAGE (ea_settings_page_get_type ())
G_DECLARE_FINAL_TYPE (EaSettingsPage, ea_settings_page, EA, SETTINGS_PAGE, GtkWidget)

EaSettingsPage *ea_settings_page_new (EaSession *session);

G_END_DECLS
