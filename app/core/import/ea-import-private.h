/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <libxml/parser.h>

#include "ea-import.h"
#include "ea-store-private.h"
#include "ea-xml-guard-private.h"

G_BEGIN_DECLS

/* The import's own parts (ea-import*.c) share these. */

#define FEED_NS "urn:eakte:zuweisung:1"
#define XSD_RESOURCE "/de/eakte/Fluechtlingsmanagement/feed/zuweisung-1.xsd"

/* The bounds of untrusted input: a feed of 100,000 persons is about
 * 60 MB; the deepest element of the schema is at depth 7. */
#define MAX_BYTES ((gint64) 512 * 1024 * 1024)
#define MAX_DEPTH 12
#define MAX_TEXT (64 * 1024)
/* The schema's elements have one attribute at most, besides a few
 * namespace declarations. */
#define MAX_ATTRIBUTES 64
#define READ_BLOCK (64 * 1024)

typedef struct
{
  char *code;
  char *level;
} Language;

typedef struct
{
  guint      line;
  char      *household;
  char      *person_id;
  char      *azr;
  char      *bamf;
  char      *family_name;
  char      *given_names;
  char      *birth_name;
  char      *birth_date;
  char      *birth_place;
  char      *birth_country;
  char      *gender;
  char      *marital_status;
  char      *religion;
  char      *role;
  char      *residence_status;
  char      *schooling;
  char      *profession;
  char      *remark;
  char      *arrival;        /* a list's own day of arrival, else the transfer's */
  char      *transfer;       /* the transfer's id, for a review */
  GPtrArray *nationalities;  /* of char* */
  GArray    *languages;      /* of Language */
  GPtrArray *needs;          /* of char* */
  GPtrArray *errors;         /* of EaImportIssue */
} Person;

typedef enum
{
  TRANSFER_NEW,
  TRANSFER_CHANGE,
  TRANSFER_CANCEL,
} TransferKind;

typedef struct
{
  TransferKind  kind;
  guint         line;
  char         *id;
  char         *decided_on;
  char         *arrival_on;
  char         *origin_id;
  char         *origin_name;
  GPtrArray    *persons;     /* of Person */
  GPtrArray    *errors;      /* of EaImportIssue: of the transfer itself */
} Transfer;

typedef struct
{
  EaSession        *session;
  EaStore          *store;
  EaImportResult   *result;
  char             *ags;
  char             *today;
  char             *now;
  gint64            user_id;
  char             *raw_sha;

  xmlParserCtxtPtr  parser;
  GError           *failure;      /* the database failed inside the parser's callbacks */
  GPtrArray        *header_errors; /* of EaImportIssue: the header's validation errors */
  EaXmlGuard        guard;
  char             *refusal;      /* why the whole document is refused */
  gboolean          stop;         /* a repeated message: nothing more to do */
  EaImportProgressFunc progress;  /* told the share done, in per mille steps */
  gpointer          progress_data;
  GCancellable     *cancellable;
  gint64            size;         /* of the file, for the share read */
  guint             list_rows;    /* of a list, for the share done */
  int               permille;     /* told last */

  GPtrArray        *path;         /* of char*: the open elements */
  GString          *text;
  char             *msg_id;
  char             *msg_sequence;
  char             *msg_ags;
  gboolean          header_done;
  gboolean          header_read;  /* its end seen; checked at the next element */
  Transfer         *transfer;     /* being read */
  Transfer         *finished;     /* read, applied at the next element */
  Person           *person;
  /* The person whose end the parser has just passed: the validator checks
   * an element's content right after our handler has closed it, so an
   * error there belongs to this person. */
  Person           *closed_person;
  char             *household;

  GHashTable       *codes;        /* "list\tcode" of the known code lists */
  GArray           *dropped;      /* of gint64: taken out of a transfer */
  const char       *kind;         /* xml, csv */
  gint64            force_id;     /* a decision: the record is this person */
  gboolean          no_twins;     /* a decision: not a duplicate */
  EaStmt     *lists_stmt;   /* compiled once: run for every person */
  EaStmt     *twins_stmts[4];   /* by the keys the record has */
} Import;

typedef gboolean (*ReadFunc) (Import      *im,
                              const char  *path,
                              GError     **error);


EaImportResult *_ea_import_platform_answer (EaSession     *session,
                                            const char    *path,
                                            const char    *source,
                                            gboolean       dry_run,
                                            GCancellable  *cancellable,
                                            GError       **error);

void
_ea_import_add_change (EaImportResult     *result,
                       EaImportChangeKind  kind,
                       guint               line,
                       const char         *person_id,
                       const char         *family_name,
                       const char         *given_names);

gint64
_ea_import_apply_person (Import      *im,
                         Transfer    *t,
                         Person      *p,
                         GError     **error);

gboolean
_ea_import_apply_transfer (Import    *im,
                           Transfer  *t,
                           GError   **error);

EaStmt *
_ea_import_cached (Import        *im,
                   EaStmt **slot,
                   const char    *sql,
                   GError       **error);

void
_ea_import_clear (Import *im);

void
_ea_import_init (Import         *im,
                 EaSession      *session,
                 EaImportResult *result);

EaImportResult *
_ea_import_list (EaSession            *session,
                 const char           *path,
                 gboolean              dry_run,
                 EaImportProgressFunc  progress,
                 gpointer              progress_data,
                 GCancellable         *cancellable,
                 GError              **error);

void
_ea_import_issue_free (EaImportIssue *issue);

EaImportIssue *
_ea_import_issue_new (guint       line,
                      const char *person_id,
                      const char *field,
                      const char *message);

char *
_ea_import_join_name (const char *family_name,
                      const char *given_names);

gboolean
_ea_import_load_codes (Import  *im,
                       GError **error);

gboolean
_ea_import_no_longer_expected (Import  *im,
                               gint64   person_id,
                               GError **error);

void
_ea_import_person_free (Person *p);

Person *
_ea_import_person_from_json (const char *text);

Person *
_ea_import_person_new (guint       line,
                       const char *household);

gboolean
_ea_import_read_feed (Import      *im,
                      const char  *path,
                      GError     **error);

EaImportResult *
_ea_import_result_new (const char *source,
                       gboolean    dry_run);

EaImportResult *
_ea_import_run (EaSession   *session,
                const char  *path,
                const char  *source,
                const char  *kind,
                const char  *mime_type,
                ReadFunc     read,
                gboolean     dry_run,
                EaImportProgressFunc progress,
                gpointer     progress_data,
                GCancellable *cancellable,
                GError     **error);

void
_ea_import_set_field (char       **field,
                      const char  *text);

gboolean
_ea_import_start_run (Import  *im,
                      GError **error);

gboolean
_ea_import_tick (Import  *im,
                 double   fraction,
                 GError **error);

void
_ea_import_transfer_free (Transfer *t);

/* The rows of a list (CSV or the first sheet of an XLSX workbook), each
 * a GPtrArray of char*, with the line each begins on in @lines; a file
 * that is no such list is refused with @refusal (ea-import-list.c). */
GPtrArray *
_ea_import_read_list_rows (const char  *path,
                           GArray      *lines,
                           guint        max_rows,
                           char       **refusal,
                           GError     **error);

G_END_DECLS
