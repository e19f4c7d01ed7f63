/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#if !defined (EA_CORE_COMPILATION)
#error "Private headers of app/core are for app/core and its tests only"
#endif

#include "ea-person-file.h"

G_BEGIN_DECLS

/* What every change of a person's file checks first: the right and the
 * scope (ea-person-file.c). */
gboolean      _ea_person_check            (EaSession             *session,
                                           gint64                 person_id,
                                           GError               **error);
gboolean      _ea_person_check_scope      (EaSession             *session,
                                           gint64                 person_id,
                                           GError               **error);

/* The codes of a qualification's kind (@kind) or recognition that the
 * file has labels for and a change accepts (ea-person-file.c). */
gboolean      _ea_person_qualification_known (const char      *code,
                                              gboolean         kind);

G_END_DECLS
