/* SPDX-License-Identifier: EUPL-1.2 */
/* This folder comes first on the include path of every layer of app/core
 * but store/ (app/core/meson.build): only the store knows the database
 * engines (docs/DESIGN.md, "Architecture"). Run SQL through the store's
 * statements (EaStmt). */
#error "only app/core/store may include libpq-fe.h"
