/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-login-window.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
void           _ea_login_window_fill      (EaLoginWindow *self,
                                           const char    *login,
                                           const char    *password);
void           _ea_login_window_fill_new_password (EaLoginWindow *self,
                                                   const char    *password,
                                                   const char    *repeated);
GtkWidget     *_ea_login_window_get_button (EaLoginWindow *self);
const char    *_ea_login_window_get_error (EaLoginWindow *self);

G_END_DECLS
