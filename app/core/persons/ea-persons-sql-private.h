/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include <glib.h>

#include "ea-person-list.h"

G_BEGIN_DECLS

/* The SQL of persons/, all of it in ea-persons-sql.c: each statement
 * there says what it binds and which columns it gives. */
typedef struct
{
  /* ea-person.c, ea-person-file.c, ea-person-edit.c, ea-person-list.c */
  int         placeholder_a;  /* removed when merged */
  const char *person_exists;
  const char *file_person;
  const char *file_nationalities;
  const char *file_languages;
  const char *file_vulnerabilities;
  const char *file_household;
  const char *file_stays;
  const char *file_qualifications;
  const char *codes_of_list;
  const char *code_known;
  const char *person_with_azr_number;
  const char *person_with_platform_id;
  const char *delete_nationalities;
  const char *insert_nationality;
  const char *insert_person;
  const char *update_person;
  const char *delete_languages;
  const char *insert_language;
  const char *delete_vulnerabilities;
  const char *insert_vulnerability;
  const char *insert_qualification;
  const char *delete_qualification;
  const char *document_person;
  const char *qualification_person;
  const char *documents_matching;




  /* ea-household.c, ea-keep-apart.c, ea-case-notes.c, ea-documents.c, ea-document-content.c, ea-maintenance.c */
  int         placeholder_b;  /* removed when merged */




} EaPersonsSql;

extern const EaPersonsSql _ea_persons_sql;

/* A word that begins words in more documents than this is too common to
 * narrow the persons list's search ("sch" while typing
 * "Schreinermeister"); it is looked for in the names only until it is
 * longer. */
#define EA_PERSONS_MAX_DOCUMENT_MATCHES 1000

/* What a search of the persons list asks for (ea-person-list.c), as
 * _ea_persons_sql_list_ids() writes it. */
typedef struct
{
  const GArray   *facilities;    /* gint64: the only ones the reader sees, or NULL */
  guint           n_words;       /* the search's non-empty words */
  const gboolean *in_documents;  /* for each word: looked for in documents too */
  gboolean        hide_health;   /* documents: not those about health */
  gboolean        facility;      /* the filters that are set */
  gboolean        status;
  gboolean        nationality;
  gboolean        vulnerability;
  gboolean        arrived_from;
  gboolean        arrived_until;
  EaPersonSort    sort;
  gboolean        descending;
} EaPersonsListSearch;

char *_ea_persons_sql_person_in_scope (const GArray              *facilities);
char *_ea_persons_sql_list_ids        (const EaPersonsListSearch *search);
char *_ea_persons_sql_list_rows       (guint                      n_ids);

G_END_DECLS
