/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <glib.h>

/* What the benchmarks share: the time in milliseconds and the order of
 * their samples. */

static inline double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* For g_array_sort() of doubles. */
static inline int
bench_compare_double (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The @p quantile (0.5 the median) of @samples, which it sorts. */
static inline double
bench_percentile (GArray *samples,
                  double  p)
{
  guint i;

  g_array_sort (samples, bench_compare_double);
  i = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, MIN (i, samples->len - 1));
}
