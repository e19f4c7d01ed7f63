/* SPDX-License-Identifier: EUPL-1.2 */
#pragma once

/* The GTK-free core: storage, domain objects and rules. */

#include "ea-accounts.h"
#include "ea-audit.h"
#include "ea-bed-matcher.h"
#include "ea-case-notes.h"
#include "ea-demo.h"
#include "ea-documents.h"
#include "ea-error.h"
#include "ea-flueag.h"
#include "ea-household.h"
#include "ea-housing.h"
#include "ea-housing-edit.h"
#include "ea-locale.h"
#include "ea-maintenance.h"
#include "ea-occupancy.h"
#include "ea-occupancy-document.h"
#include "ea-person.h"
#include "ea-person-export.h"
#include "ea-person-file.h"
#include "ea-person-list.h"
#include "ea-retention.h"
#include "ea-session.h"
#include "ea-statistics.h"
#include "ea-store.h"
#include "ea-text.h"
