/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_AUDIT_PAGE (ea_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (EaAuditPage, ea_audit_page, EA, AUDIT_PAGE, GtkWidget)

EaAuditPage *ea_audit_page_new    (EaSession   *session);
void         ea_audit_page_reload (EaAuditPage *self);

G_END_DECLS
