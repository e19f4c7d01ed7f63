/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_HOUSING_LIST_DIALOG (ea_housing_list_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EaHousingListDialog, ea_housing_list_dialog, EA, HOUSING_LIST_DIALOG,
                      AdwWindow)

EaHousingListDialog *ea_housing_list_dialog_new (GtkWindow  *parent,
                                                 EaSession  *session,
                                                 const char *path);

G_END_DECLS
