/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_WINDOW (ea_window_get_type ())
G_DECLARE_FINAL_TYPE (EaWindow, ea_window, EA, WINDOW, AdwApplicationWindow)

EaWindow   *ea_window_new          (gpointer    application,
                                    EaSession  *session);
EaSession  *ea_window_get_session  (EaWindow   *self);
void        ea_window_show_page    (EaWindow   *self,
                                    const char *name);
const char *ea_window_get_page     (EaWindow   *self);
void        ea_window_end_session  (EaWindow   *self);
GtkWidget  *ea_window_get_page_widget (EaWindow *self,
                                    const char *name);

G_END_DECLS
