/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-error"

#include "config.h"

#include "ea-error.h"

G_DEFINE_QUARK (ea-error-quark, ea_error)
