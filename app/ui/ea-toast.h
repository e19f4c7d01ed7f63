/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* How long a toast stays: one length for every message of the window. */
#define EA_TOAST_SECONDS 8

AdwToast *ea_toast_new  (const char *text);
void      ea_toast_add  (GtkWidget  *widget,
                         AdwToast   *toast);
void      ea_toast_show (GtkWidget  *widget,
                         const char *text);

G_END_DECLS
