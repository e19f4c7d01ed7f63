/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EA_TYPE_APPLICATION (ea_application_get_type ())
G_DECLARE_FINAL_TYPE (EaApplication, ea_application, EA, APPLICATION, AdwApplication)

EaApplication *ea_application_new (void);

G_END_DECLS
