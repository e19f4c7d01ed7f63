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

  /* ea-household.c */
  const char *household_of_member;
  const char *household_role_known;
  const char *keep_reference_person;
  const char *insert_household;
  const char *insert_household_founder;
  const char *insert_household_member;
  const char *delete_household_member;
  const char *count_household_members;
  const char *household_member;
  const char *hand_household_notes;
  const char *delete_household;
  const char *set_household_role;
  const char *move_household_member;
  /* ea-keep-apart.c */
  const char *keep_apart_of_person;
  const char *other_household_members;
  const char *insert_keep_apart;
  const char *count_same_household;
  const char *delete_keep_apart;
  const char *keep_apart_persons;
  /* ea-case-notes.c */
  const char *case_notes_of_person;
  const char *case_note_revisions;
  const char *note_category_known;
  const char *insert_case_note;
  const char *insert_first_revision;
  const char *insert_next_revision;
  const char *household_first_member;
  const char *case_note_subject;
  const char *confidential_note_author;
  /* ea-documents.c */
  const char *count_blobs;
  const char *all_blobs;
  const char *insert_blob;
  const char *insert_document;
  const char *document_category_known;
  const char *documents_of_person;
  const char *documents_of_person_but_health;
  const char *documents_expiring;
  const char *document_by_id;
  const char *delete_document_text;
  const char *insert_document_text;
  const char *set_document_text_state;
  const char *documents_pending_text;
  /* ea-maintenance.c */
  const char *reservation_clashes;

} EaPersonsSql;

extern const EaPersonsSql _ea_persons_sql;

/* A word that begins words in more documents than this is too common to
 * narrow the persons list's search ("sch" while typing
 * "Schreinermeister"); it is looked for in the names only until it is
 * longer. */
#define EA_PERSONS_MAX_DOCUMENT_MATCHES 1000

/* A search of one word this short is looked for at the start of the
 * family name, not anywhere: anywhere, one or two letters are in tens of
 * thousands of persons among 100,000, which no index finds faster than
 * reading them all (25–70 ms a keystroke on the server); at the start of
 * the name, the index of the list's order finds them at once, as a
 * clerk expects who types the first letters of a name. From three
 * letters on, a word is found anywhere, by the server's trigram index. */
#define EA_PERSONS_NAME_START_LETTERS 2

/* What a search of the persons list asks for (ea-person-list.c), as
 * _ea_persons_sql_list_ids() writes it. */
typedef struct
{
  const GArray   *facilities;    /* gint64: the only ones the reader sees, or NULL */
  guint           n_words;       /* the search's non-empty words */
  const gboolean *in_documents;  /* for each word: looked for in documents too */
  /* The one word has one or two letters or digits: it begins the family
   * name, ?1 <= sort_name < ?2 (EA_PERSONS_NAME_START_LETTERS). */
  gboolean        name_start;
  gboolean        hide_health;   /* documents: not those about health */
  gboolean        facility;      /* the filters that are set */
  gboolean        status;
  gboolean        nationality;
  gboolean        vulnerability;
  gboolean        arrived_from;
  gboolean        arrived_until;
  EaPersonSort    sort;
  gboolean        descending;
  /* The expected arrivals holding a bed in one facility come first. */
  gboolean        first_facility;
} EaPersonsListSearch;

char *_ea_persons_sql_person_in_scope (const GArray              *facilities);
char *_ea_persons_sql_list_ids        (const EaPersonsListSearch *search);
char *_ea_persons_sql_list_rows       (guint                      n_ids);

G_END_DECLS
