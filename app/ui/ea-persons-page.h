/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <gtk/gtk.h>

#include "ea-person-page.h"
#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_PERSONS_PAGE (ea_persons_page_get_type ())
G_DECLARE_FINAL_TYPE (EaPersonsPage, ea_persons_page, EA, PERSONS_PAGE, GtkWidget)

EaPersonsPage *ea_persons_page_new          (EaSession     *session);
EaPersonList  *ea_persons_page_get_model    (EaPersonsPage *self);
void           ea_persons_page_focus_search (EaPersonsPage *self);
void           ea_persons_page_capture_keys (EaPersonsPage *self,
                                             GtkWidget     *widget);
void           ea_persons_page_set_search   (EaPersonsPage *self,
                                             const char    *text);
EaPersonPage  *ea_persons_page_open_person  (EaPersonsPage *self,
                                             gint64         person_id);
void           ea_persons_page_mark_stale   (EaPersonsPage *self);
gboolean       ea_persons_page_catch_up     (EaPersonsPage *self);

G_END_DECLS
