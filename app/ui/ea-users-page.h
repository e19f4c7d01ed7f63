/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "eakte-core.h"
#include "ea-edit-dialog.h"
#include "ea-retention-page.h"
#include "ea-settings-page.h"

G_BEGIN_DECLS

#define EA_TYPE_USERS_PAGE (ea_users_page_get_type ())
G_DECLARE_FINAL_TYPE (EaUsersPage, ea_users_page, EA, USERS_PAGE, GtkWidget)

EaUsersPage *ea_users_page_new    (EaSession   *session);
void         ea_users_page_show_view (EaUsersPage *self,
                                      const char  *name);
void         ea_users_page_reload (EaUsersPage *self);

G_END_DECLS
