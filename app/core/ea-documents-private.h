/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-session.h"

G_BEGIN_DECLS

/* Health documents are for those with the right to see them (social work). */
#define EA_DOCUMENT_HEALTH "gesundheit"

const char *_ea_documents_hidden_filter (EaSession *session);

G_END_DECLS
