/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/**
 * EaRetentionCategory:
 * @EA_RETENTION_SPECIAL: religion and protection needs (Art. 9 GDPR)
 * @EA_RETENTION_CASE_NOTES: case notes with all their revisions
 * @EA_RETENTION_DOCUMENTS: documents, their text and their files
 * @EA_RETENTION_PERSON: the personal data itself: names, exact birth date,
 *   keys, languages, qualifications; the file is anonymised, its stays
 *   stay for the statistics
 *
 * Each category is deleted (the person: anonymised) a number of months
 * after the person has left.
 */
typedef enum
{
  EA_RETENTION_SPECIAL,
  EA_RETENTION_CASE_NOTES,
  EA_RETENTION_DOCUMENTS,
  EA_RETENTION_PERSON,
  EA_N_RETENTION,
} EaRetentionCategory;

#define EA_RETENTION_MIN_MONTHS 1
#define EA_RETENTION_MAX_MONTHS 240

/* One person's data that is due in one category. */
typedef struct
{
  EaRetentionCategory  category;
  gint64               person_id;
  char                *name;
  char                *left_on;
  guint                count;   /* notes or documents; 1 for the others */
} EaRetentionItem;

const char *ea_retention_category_label   (EaRetentionCategory  category);
guint       ea_retention_default_months   (EaRetentionCategory  category);
guint       ea_retention_get_months       (EaSession           *session,
                                           EaRetentionCategory  category);
gboolean    ea_retention_set_months       (EaSession           *session,
                                           EaRetentionCategory  category,
                                           guint                months,
                                           GError             **error);
GPtrArray  *ea_retention_preview          (EaSession           *session,
                                           const char          *today,
                                           GError             **error);
gboolean    ea_retention_run              (EaSession           *session,
                                           const char          *today,
                                           guint               *n_done,
                                           GError             **error);
void        ea_retention_item_free        (EaRetentionItem     *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaRetentionItem, ea_retention_item_free)

G_END_DECLS
