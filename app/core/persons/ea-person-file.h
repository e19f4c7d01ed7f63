/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

#define EA_MAX_NATIONALITIES 4

/* A person's own data as typed in a form. The birth date may be written as
 * the office does (`14.03.1986`, `00.07.2019`, `2019`) or in ISO form.
 * Empty strings count as not given. */
typedef struct
{
  char *family_name;
  char *given_names;
  char *birth_name;
  char *birth_date;
  char *birth_place;
  char *gender;
  char *marital_status;
  char *religion;
  char *residence_status;
  char *platform_id;
  char *azr_number;
  char *bamf_file_number;
  char *remark;
  char *nationalities[EA_MAX_NATIONALITIES];
} EaPersonFields;

void ea_person_fields_clear (EaPersonFields *fields);

/* A code with its German label: a nationality, a language, a need. */
typedef struct
{
  char *code;
  char *label;
  char *extra;    /* a language's level, a need's note */
} EaCodedValue;

typedef struct
{
  gint64  person_id;
  char   *name;
  char   *role;        /* German label */
  char   *birth_date;
  char   *status;
} EaHouseholdMember;

typedef struct
{
  char *facility;
  char *unit;
  char *room;
  char *bed;
  char *from;
  char *until;         /* NULL: still there */
} EaStayRecord;

typedef struct
{
  gint64  id;
  char   *kind;        /* German label */
  char   *title;
  char   *country;
  int     year;
  char   *recognition; /* German label */
  gint64  document_id;
} EaQualification;

/* Everything the person page shows, as far as the reader may see it. */
typedef struct
{
  gint64          id;
  EaPersonFields  fields;         /* ISO birth date; religion NULL when hidden */
  char           *status;         /* expected, present, left */
  char           *status_label;
  char           *gender_label;
  char           *marital_label;
  char           *religion_label;
  char           *residence_label;
  char           *arrived_on;
  char           *left_on;
  char           *current_bed;    /* "GU …, Raum 1.03, Bett B", or NULL */
  gboolean        special_hidden; /* the reader may not see religion or needs */
  GPtrArray      *nationalities;  /* of EaCodedValue */
  GPtrArray      *languages;      /* of EaCodedValue, extra: CEFR level or "M" */
  GPtrArray      *vulnerabilities;/* of EaCodedValue, extra: note */
  gint64          household_id;
  GPtrArray      *household;      /* of EaHouseholdMember, the person too */
  GPtrArray      *stays;          /* of EaStayRecord, newest first */
  GPtrArray      *qualifications; /* of EaQualification */
} EaPersonFile;

EaPersonFile *ea_person_file_load         (EaSession             *session,
                                           gint64                 person_id,
                                           GError               **error);
void          ea_person_file_free         (EaPersonFile          *file);
char         *ea_person_file_dup_name     (EaPersonFile          *file);

gint64        ea_person_create            (EaSession             *session,
                                           const EaPersonFields  *fields,
                                           GError               **error);
gboolean      ea_person_update            (EaSession             *session,
                                           gint64                 person_id,
                                           const EaPersonFields  *fields,
                                           GError               **error);
gboolean      ea_person_set_languages     (EaSession             *session,
                                           gint64                 person_id,
                                           const char * const    *codes,
                                           const char * const    *levels,
                                           GError               **error);
gboolean      ea_person_set_vulnerabilities (EaSession           *session,
                                           gint64                 person_id,
                                           const char * const    *codes,
                                           GError               **error);
gint64        ea_person_add_qualification (EaSession             *session,
                                           gint64                 person_id,
                                           const char            *kind,
                                           const char            *title,
                                           const char            *country,
                                           int                    year,
                                           const char            *recognition,
                                           gint64                 document_id,
                                           GError               **error);
gboolean      ea_person_remove_qualification (EaSession          *session,
                                           gint64                 qualification_id,
                                           GError               **error);
gboolean      ea_codes_list               (EaSession             *session,
                                           const char            *list,
                                           GStrv                 *codes,
                                           GStrv                 *labels,
                                           GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaPersonFile, ea_person_file_free)

G_END_DECLS
