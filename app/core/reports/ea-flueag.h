/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/**
 * EaFlueagKind:
 * @EA_FLUEAG_STOCK: the monthly Bestandsmeldung: every person in the
 *   office's care during the month
 * @EA_FLUEAG_LATE: the Nachmeldung: persons of months reported before who
 *   were entered after that month's report went out
 */
typedef enum
{
  EA_FLUEAG_STOCK,
  EA_FLUEAG_LATE,
} EaFlueagKind;

/* One row of the report: one person. Dates are ISO; the birth date may be
 * partial. */
typedef struct
{
  gint64    person_id;
  char     *azr_number;        /* NULL when the person has none */
  char     *family_name;
  char     *given_names;
  char     *birth_date;
  char     *gender;            /* German label */
  char     *nationality;       /* German labels, comma-separated */
  char     *residence_status;  /* German label, or NULL */
  char     *moved_in;          /* Zuzug: first day of the care period */
  char     *moved_out;         /* Auszug: the day the care ended, or NULL */
  gboolean  ukraine;
  guint     days;              /* days in care in the month(s) */
  char     *late_months;       /* EA_FLUEAG_LATE: "YYYY-MM,YYYY-MM" */
} EaFlueagRow;

typedef struct _EaFlueagReport EaFlueagReport;

EaFlueagReport    *ea_flueag_report_build   (EaSession       *session,
                                             const char      *month,
                                             EaFlueagKind     kind,
                                             GError         **error);
void               ea_flueag_report_free    (EaFlueagReport  *report);
const char        *ea_flueag_report_get_month (EaFlueagReport *report);
EaFlueagKind       ea_flueag_report_get_kind (EaFlueagReport  *report);
guint              ea_flueag_report_get_n_rows (EaFlueagReport *report);
const EaFlueagRow *ea_flueag_report_get_row (EaFlueagReport  *report,
                                             guint            index);
guint              ea_flueag_report_count_without_azr (EaFlueagReport *report);
gboolean           ea_flueag_report_write   (EaSession       *session,
                                             EaFlueagReport  *report,
                                             const char      *path,
                                             GError         **error);
char              *ea_flueag_month_label    (const char      *month);
char              *ea_flueag_last_month     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaFlueagReport, ea_flueag_report_free)

G_END_DECLS
