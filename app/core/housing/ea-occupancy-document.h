/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

#include <cairo.h>

#include "ea-session.h"

G_BEGIN_DECLS

/* The Belegungsliste of one facility on one day, for print and PDF. */
typedef struct _EaOccupancyDocument EaOccupancyDocument;

EaOccupancyDocument *ea_occupancy_document_new       (EaSession            *session,
                                                      gint64                facility_id,
                                                      const char           *date,
                                                      GError              **error);
void                 ea_occupancy_document_free      (EaOccupancyDocument  *self);
int                  ea_occupancy_document_paginate  (EaOccupancyDocument  *self,
                                                      cairo_t              *cr,
                                                      double                width,
                                                      double                height);
void                 ea_occupancy_document_draw_page (EaOccupancyDocument  *self,
                                                      cairo_t              *cr,
                                                      int                   page,
                                                      double                width,
                                                      double                height);
gboolean             ea_occupancy_document_write_pdf (EaOccupancyDocument  *self,
                                                      const char           *path,
                                                      GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EaOccupancyDocument, ea_occupancy_document_free)

G_END_DECLS
