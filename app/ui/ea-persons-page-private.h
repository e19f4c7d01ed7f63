/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-persons-page.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
/* For EaWindow and tests. */
GtkSearchEntry *_ea_persons_page_get_search_entry (EaPersonsPage *self);
GtkSingleSelection *_ea_persons_page_get_selection (EaPersonsPage *self);
EaEditDialog   *_ea_persons_page_open_new_person  (EaPersonsPage *self);
GtkWindow      *_ea_persons_page_open_expiring    (EaPersonsPage *self);
gboolean        _ea_persons_page_export           (EaPersonsPage *self,
                                                   const char    *path);
void            _ea_persons_page_choose_filter    (EaPersonsPage *self,
                                                   const char    *which,
                                                   guint          index);

G_END_DECLS
