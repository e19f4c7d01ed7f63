/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_FIND_BED_DIALOG (ea_find_bed_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EaFindBedDialog, ea_find_bed_dialog, EA, FIND_BED_DIALOG, AdwWindow)

EaFindBedDialog *ea_find_bed_dialog_new (GtkWindow  *parent,
                                         EaSession  *session,
                                         gint64      person_id,
                                         const char *name,
                                         gboolean    household);
EaFindBedDialog *ea_find_bed_dialog_new_move (GtkWindow  *parent,
                                              EaSession  *session,
                                              gint64      person_id,
                                              const char *name);

GtkWidget       *ea_religion_row_new      (EaSession  *session);
EaReligionMode   ea_religion_row_get_mode (GtkWidget  *row);

G_END_DECLS
