/* SPDX-License-Identifier: EUPL-1.2 */
/* This folder comes first on app/core's include path. The core is GTK-free
 * (DESIGN.md, "Architecture"): move code that needs GTK to app/ui. */
#error "app/core must not include GTK, GDK or libadwaita"
