/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/* Something the import reports: a record it rejected (an error) or a
 * point to review (a warning), with the line of the source. */
typedef struct
{
  guint  line;
  char  *person_id;   /* the platform's personId, or NULL */
  char  *field;       /* the element or column, or NULL */
  char  *message;     /* in the user's language */
} EaImportIssue;

/* What an import does with one person, for the preview's lists. */
typedef enum
{
  EA_IMPORT_CHANGE_NEW,
  EA_IMPORT_CHANGE_CHANGED,
  EA_IMPORT_CHANGE_UNCHANGED,
  EA_IMPORT_CHANGE_CANCELLED,
  EA_IMPORT_CHANGE_DUPLICATE,
  EA_IMPORT_N_CHANGES,
} EaImportChangeKind;

typedef struct
{
  EaImportChangeKind  kind;
  guint               line;       /* in the source; 0 for a cancellation */
  char               *person_id;  /* the platform's, or NULL */
  char               *name;       /* "Family name, given names" */
} EaImportChange;

/* The outcome of an import, as CLI.md's JSON shows it. */
typedef struct
{
  char      *source;
  char      *message_id;
  gint64     sequence;           /* laufendeNummer; 0 when none */
  guint      created;
  guint      updated;
  guint      unchanged;
  guint      cancelled;
  guint      rejected;
  guint      duplicates_to_review;
  gboolean   repeated;           /* this message was imported before: nothing changed */
  gboolean   dry_run;
  gint64     run_id;             /* the recorded import run; 0 for a dry run */
  GPtrArray *warnings;           /* of EaImportIssue */
  GPtrArray *errors;             /* of EaImportIssue */
  GPtrArray *changes;            /* of EaImportChange: person by person */
} EaImportResult;

/* A past import run, for the list on the Import page. */
typedef struct
{
  gint64  id;
  char   *started_at;   /* ISO 8601, UTC */
  char   *source;
  char   *message_id;
  gint64  sequence;
  char   *state;        /* done, partial */
  char   *user;
  guint   created;
  guint   updated;
  guint   unchanged;
  guint   cancelled;
  guint   rejected;
  guint   duplicates_to_review;
} EaImportRun;

/* A record held as a probable duplicate of a person already known. */
typedef struct
{
  gint64  review_id;
  gint64  existing_id;
  char   *existing_name;
  char   *existing_birth_date;
  char   *existing_azr;
  char   *existing_status;   /* in the office's words */
  guint   line;              /* of the held record in its source */
  char   *name;              /* the held record */
  char   *birth_date;
  char   *azr;
  char   *platform_id;
  char   *household;
  char   *message;
} EaImportDuplicate;

void            ea_import_duplicate_free  (EaImportDuplicate *duplicate);
GPtrArray      *ea_import_list_duplicates (EaSession      *session,
                                           GError        **error);
gint64          ea_import_decide          (EaSession      *session,
                                           gint64          review_id,
                                           gboolean        same_person,
                                           GError        **error);

/* A field in which a held duplicate's record differs from the person's
 * file, for the choice of what a merge keeps. */
typedef struct
{
  const char *field;         /* the key, e.g. "family_name" (static) */
  char       *label;         /* "Family name", in the user's language */
  char       *file_value;    /* as stored in the file, or NULL */
  char       *import_value;  /* as the record has it, or NULL */
  char       *file_text;     /* as shown: a date as TT.MM.JJJJ, a code's label */
  char       *import_text;
  gboolean    keep_file;     /* the default: the file's spelling with diacritics */
} EaImportDifference;

void            ea_import_difference_free  (EaImportDifference  *difference);
char           *ea_import_describe_merge   (const char          *detail);
GPtrArray      *ea_import_list_differences (EaSession           *session,
                                            gint64               review_id,
                                            GError             **error);
gint64          ea_import_decide_merge     (EaSession           *session,
                                            gint64               review_id,
                                            const char *const   *keep_file_fields,
                                            GError             **error);
/* Arrivals of an import run still without a bed: one per household. */
typedef struct
{
  gint64  person_id;       /* the household's head, or the person alone */
  char   *name;
  guint   household_size;  /* the household's members still without a bed */
  char   *expected_on;
} EaImportArrival;

void            ea_import_arrival_free    (EaImportArrival *arrival);
GPtrArray      *ea_import_list_unplaced   (EaSession      *session,
                                           gint64          run_id,
                                           GError        **error);
void            ea_import_run_free    (EaImportRun    *run);
GPtrArray      *ea_import_list_runs   (EaSession      *session,
                                       guint           limit,
                                       GError        **error);
void            ea_import_result_free (EaImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaImportResult, ea_import_result_free)

EaImportResult *ea_import_xml_file    (EaSession   *session,
                                       const char  *path,
                                       gboolean     dry_run,
                                       GError     **error);
/* A column of a list: its header and the feed's field it is taken for. */
typedef struct
{
  char     *header;
  char     *field;   /* e.g. "vorname"; NULL: left out */
  gboolean  known;   /* the import knows the header without a mapping */
} EaImportColumn;

void                ea_import_column_free       (EaImportColumn *column);
GPtrArray          *ea_import_dup_list_columns  (EaSession      *session,
                                                 const char     *path,
                                                 char          **mapping_name,
                                                 GError        **error);
gboolean            ea_import_save_mapping      (EaSession      *session,
                                                 const char     *name,
                                                 GPtrArray      *columns,
                                                 GError        **error);
const char *const  *ea_import_list_field_names  (void);
const char         *ea_import_list_field_label  (const char     *field);

/* The share of an import done, from 0 to 1. */
typedef void (*EaImportProgressFunc) (double   fraction,
                                      gpointer user_data);

EaImportResult *ea_import_file        (EaSession            *session,
                                       const char           *path,
                                       gboolean              dry_run,
                                       EaImportProgressFunc  progress,
                                       gpointer              progress_data,
                                       GCancellable         *cancellable,
                                       GError              **error);
gboolean        ea_import_is_list     (const char  *path);
gboolean        ea_import_is_workbook (const char  *path);
EaImportResult *ea_import_list_file   (EaSession   *session,
                                       const char  *path,
                                       gboolean     dry_run,
                                       GError     **error);

G_END_DECLS
