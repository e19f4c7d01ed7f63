/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-housing-list-dialog.h"

G_BEGIN_DECLS

/* For the tests; not part of the dialog's API. */
guint      _ea_housing_list_dialog_get_n_problems    (EaHousingListDialog *self);
GtkWidget *_ea_housing_list_dialog_get_import_button (EaHousingListDialog *self);

G_END_DECLS
