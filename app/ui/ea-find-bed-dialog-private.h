/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-find-bed-dialog.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
guint            _ea_find_bed_dialog_get_n_candidates (EaFindBedDialog *self);
const EaBedCandidate *_ea_find_bed_dialog_get_candidate (EaFindBedDialog *self,
                                                         guint            index);
void             _ea_find_bed_dialog_place (EaFindBedDialog *self,
                                            guint            index,
                                            gboolean         check_in);
void             _ea_find_bed_dialog_set_household (EaFindBedDialog *self,
                                                    gboolean         household);
const char      *_ea_find_bed_dialog_get_explanation (EaFindBedDialog *self);

G_END_DECLS
