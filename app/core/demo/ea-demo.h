/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint       persons;     /* default 2,500 */
  guint       facilities;  /* default 24 */
  guint32     seed;        /* default 1 */
  const char *today;       /* YYYY-MM-DD; NULL for today */
} EaDemoOptions;

#define EA_DEMO_DEFAULT_PERSONS    2500
#define EA_DEMO_DEFAULT_FACILITIES 24
#define EA_DEMO_DEFAULT_SEED       1
#define EA_DEMO_AGS                "08315000"
#define EA_DEMO_PASSWORD           "demo"

typedef struct
{
  guint persons;
  guint facilities;
  guint beds;
} EaDemoResult;

gboolean ea_demo_generate (EaStore              *store,
                           const EaDemoOptions  *options,
                           EaDemoResult         *result,
                           GError              **error);

G_END_DECLS
