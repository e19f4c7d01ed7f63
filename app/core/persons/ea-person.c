/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-person"

#include "config.h"

#include "ea-person-private.h"

#include <glib/gi18n-lib.h>

#include "ea-text.h"

/* A person as the lists show it: a light row object, loaded page by page. */
struct _EaPerson
{
  GObject  parent_instance;

  gint64   id;
  char    *family_name;
  char    *given_names;
  char    *birth_date;
  char    *gender;
  char    *nationality;
  char    *nationality_label;
  char    *status;
  char    *facility;
  char    *arrival;
};

G_DEFINE_FINAL_TYPE (EaPerson, ea_person, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FAMILY_NAME,
  PROP_GIVEN_NAMES,
  PROP_BIRTH_DATE,
  PROP_GENDER,
  PROP_NATIONALITY,
  PROP_STATUS,
  PROP_FACILITY,
  PROP_ARRIVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ea_person_finalize (GObject *object)
{
  EaPerson *self = (EaPerson *)object;

  g_free (self->family_name);
  g_free (self->given_names);
  g_free (self->birth_date);
  g_free (self->gender);
  g_free (self->nationality);
  g_free (self->nationality_label);
  g_free (self->status);
  g_free (self->facility);
  g_free (self->arrival);

  G_OBJECT_CLASS (ea_person_parent_class)->finalize (object);
}

static void
ea_person_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EaPerson *self = EA_PERSON (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_FAMILY_NAME:
      g_value_set_string (value, self->family_name);
      break;

    case PROP_GIVEN_NAMES:
      g_value_set_string (value, self->given_names);
      break;

    case PROP_BIRTH_DATE:
      g_value_set_string (value, self->birth_date);
      break;

    case PROP_GENDER:
      g_value_set_string (value, self->gender);
      break;

    case PROP_NATIONALITY:
      g_value_set_string (value, self->nationality);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_FACILITY:
      g_value_set_string (value, self->facility);
      break;

    case PROP_ARRIVAL:
      g_value_set_string (value, self->arrival);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ea_person_class_init (EaPersonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ea_person_finalize;
  object_class->get_property = ea_person_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAMILY_NAME] =
    g_param_spec_string ("family-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GIVEN_NAMES] =
    g_param_spec_string ("given-names", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BIRTH_DATE] =
    g_param_spec_string ("birth-date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GENDER] =
    g_param_spec_string ("gender", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NATIONALITY] =
    g_param_spec_string ("nationality", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FACILITY] =
    g_param_spec_string ("facility", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARRIVAL] =
    g_param_spec_string ("arrival", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ea_person_init (EaPerson *self)
{
}

static char *
dup_column (EaStmt *stmt,
            int           column)
{
  return g_strdup (_ea_stmt_column_text (stmt, column));
}

EaPerson *
_ea_person_new_from_row (EaStmt *stmt)
{
  EaPerson *self = g_object_new (EA_TYPE_PERSON, NULL);

  self->id = _ea_stmt_column_int64 (stmt, 0);
  self->family_name = dup_column (stmt, 1);
  self->given_names = dup_column (stmt, 2);
  self->birth_date = dup_column (stmt, 3);
  self->gender = dup_column (stmt, 4);
  self->nationality = dup_column (stmt, 5);
  self->nationality_label = dup_column (stmt, 6);
  self->status = dup_column (stmt, 7);
  self->facility = dup_column (stmt, 8);
  self->arrival = dup_column (stmt, 9);
  return self;
}

/* Everything the search field finds a person by, folded once when the
 * person is written, so a search needs no function call per row. */
void
_ea_person_search_keys (const char  *family_name,
                        const char  *given_names,
                        const char  *birth_name,
                        const char  *birth_date,
                        const char  *azr_number,
                        const char  *platform_id,
                        char       **search_text,
                        char       **sort_name)
{
  g_autofree char *names = g_strjoin (" ", family_name,
                                      given_names ? given_names : "",
                                      birth_name ? birth_name : "", NULL);
  g_autofree char *sort_source = g_strjoin (" ", family_name,
                                            given_names ? given_names : "", NULL);
  g_autofree char *german_date = ea_partial_date_format (birth_date);
  g_autofree char *raw = g_strjoin (" ", names, german_date, birth_date ? birth_date : "",
                                    azr_number ? azr_number : "",
                                    platform_id ? platform_id : "", NULL);

  *search_text = ea_text_fold (raw);
  *sort_name = ea_text_fold (sort_source);
}

gint64
ea_person_get_id (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), 0);
  return self->id;
}

const char *
ea_person_get_family_name (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);
  return self->family_name;
}

const char *
ea_person_get_given_names (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);
  return self->given_names;
}

/**
 * ea_person_dup_display_name:
 *
 * Returns: (transfer full): "Family name, Given names", as lists show it
 */
char *
ea_person_dup_display_name (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);

  if (self->given_names == NULL || self->given_names[0] == '\0')
    return g_strdup (self->family_name);
  return g_strdup_printf ("%s, %s", self->family_name, self->given_names);
}

const char *
ea_person_get_birth_date (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);
  return self->birth_date;
}

const char *
ea_person_get_gender (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);
  return self->gender;
}

const char *
ea_person_get_nationality (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);
  return self->nationality;
}

const char *
ea_person_get_nationality_label (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);
  return self->nationality_label;
}

const char *
ea_person_get_status (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);
  return self->status;
}

/**
 * ea_person_get_status_label:
 *
 * Returns: the status in the office's words
 */
const char *
ea_person_get_status_label (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);
  return _ea_person_status_label (self->status);
}

const char *
_ea_person_status_label (const char *status)
{
  if (g_strcmp0 (status, "expected") == 0)
    return _("expected");
  if (g_strcmp0 (status, "present") == 0)
    return _("present");
  if (g_strcmp0 (status, "left") == 0)
    return _("moved out");
  return status;
}

const char *
ea_person_get_facility (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);
  return self->facility;
}

const char *
ea_person_get_arrival (EaPerson *self)
{
  g_return_val_if_fail (EA_IS_PERSON (self), NULL);
  return self->arrival;
}
