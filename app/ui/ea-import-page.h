/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <adwaita.h>

#include "eakte-core.h"
#include "ea-edit-dialog.h"
#include "ea-find-bed-dialog.h"

G_BEGIN_DECLS

#define EA_TYPE_IMPORT_PAGE (ea_import_page_get_type ())
G_DECLARE_FINAL_TYPE (EaImportPage, ea_import_page, EA, IMPORT_PAGE, GtkWidget)

EaImportPage *ea_import_page_new (EaSession *session);

G_END_DECLS
