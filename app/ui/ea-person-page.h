/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ea-edit-dialog.h"
#include "ea-find-bed-dialog.h"
#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_PERSON_PAGE (ea_person_page_get_type ())
G_DECLARE_FINAL_TYPE (EaPersonPage, ea_person_page, EA, PERSON_PAGE, GtkWidget)

EaPersonPage *ea_person_page_new           (EaSession    *session);
gboolean      ea_person_page_show          (EaPersonPage *self,
                                            gint64        person_id,
                                            GError      **error);
gint64        ea_person_page_get_person_id (EaPersonPage *self);
void          ea_person_page_mark_stale    (EaPersonPage *self);
gboolean      ea_person_page_catch_up      (EaPersonPage *self);

G_END_DECLS
