/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define EA_TYPE_PERSON (ea_person_get_type ())
G_DECLARE_FINAL_TYPE (EaPerson, ea_person, EA, PERSON, GObject)

gint64      ea_person_get_id                (EaPerson *self);
const char *ea_person_get_family_name       (EaPerson *self);
const char *ea_person_get_given_names       (EaPerson *self);
char       *ea_person_dup_display_name      (EaPerson *self);
const char *ea_person_get_birth_date        (EaPerson *self);
const char *ea_person_get_gender            (EaPerson *self);
const char *ea_person_get_nationality       (EaPerson *self);
const char *ea_person_get_nationality_label (EaPerson *self);
const char *ea_person_get_status            (EaPerson *self);
const char *ea_person_get_status_label      (EaPerson *self);
const char *ea_person_get_facility          (EaPerson *self);
const char *ea_person_get_arrival           (EaPerson *self);

G_END_DECLS
