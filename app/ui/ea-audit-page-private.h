/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-audit-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
guint        _ea_audit_page_get_n_rows   (EaAuditPage *self);
const char  *_ea_audit_page_get_cell     (EaAuditPage *self,
                                          guint        row,
                                          guint        column);
void         _ea_audit_page_set_filter   (EaAuditPage *self,
                                          gint64       user_id,
                                          gint64       person_id,
                                          const char  *since,
                                          const char  *until);
GtkWidget   *_ea_audit_page_get_person_button (EaAuditPage *self);
gint64       _ea_audit_page_get_person_id     (EaAuditPage *self);
gboolean     _ea_audit_page_export       (EaAuditPage *self,
                                          const char  *path,
                                          GError     **error);

G_END_DECLS
