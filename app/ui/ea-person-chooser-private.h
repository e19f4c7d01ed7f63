/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include "ea-person-chooser.h"

G_BEGIN_DECLS

/* For the window's own files and the tests; not part of the page's API. */
void             _ea_person_chooser_set_date  (EaPersonChooser *self,
                                               const char      *text);
GtkSearchEntry  *_ea_person_chooser_get_search_entry (EaPersonChooser *self);
void             _ea_person_chooser_choose    (EaPersonChooser *self,
                                               const char      *search);

G_END_DECLS
