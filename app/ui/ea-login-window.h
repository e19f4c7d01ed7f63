/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"

G_BEGIN_DECLS

#define EA_TYPE_LOGIN_WINDOW (ea_login_window_get_type ())
G_DECLARE_FINAL_TYPE (EaLoginWindow, ea_login_window, EA, LOGIN_WINDOW, AdwApplicationWindow)

EaLoginWindow *ea_login_window_new        (gpointer       application,
                                           EaStore       *store);
void           ea_login_window_show_error (EaLoginWindow *self,
                                           const char    *message);

G_END_DECLS
