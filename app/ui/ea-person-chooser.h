/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_PERSON_CHOOSER (ea_person_chooser_get_type ())
G_DECLARE_FINAL_TYPE (EaPersonChooser, ea_person_chooser, EA, PERSON_CHOOSER, AdwWindow)

EaPersonChooser *ea_person_chooser_new        (EaSession       *session,
                                               const char      *title,
                                               const char      *confirm_label);
void             ea_person_chooser_show_error (EaPersonChooser *self,
                                               const char      *message);
EaPerson        *ea_person_chooser_dup_selected (EaPersonChooser *self);
void             ea_person_chooser_add_date   (EaPersonChooser *self,
                                               const char      *title,
                                               const char      *iso);
const char      *ea_person_chooser_get_date   (EaPersonChooser *self);
void             ea_person_chooser_set_bed    (EaPersonChooser *self,
                                               gint64           facility_id,
                                               gint64           bed_id,
                                               gboolean         reserve);

G_END_DECLS
