/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-import-page"

#include "config.h"

#include "ea-import-page-private.h"

#include <glib/gi18n.h>

#include "ea-edit-dialog.h"
#include "ea-file-dialog.h"
#include "ea-find-bed-dialog.h"
#include "ea-toast.h"

/* Import: a Zuweisungsliste file is chosen, a preview shows what would
 * change (a dry run of the very import: new, changed, unchanged,
 * cancelled, rejected with their lines, probable duplicates), and only
 * "Importieren" stores it. Below, the past import runs. */

#define RUNS_SHOWN 50
#define ARRIVALS_SHOWN 30
#define DUPLICATES_SHOWN 20

struct _EaImportPage
{
  GtkWidget        parent_instance;

  EaSession       *session;
  char            *path;          /* the file previewed */
  char            *refusal;       /* why the file chosen last was refused */
  EaImportResult  *preview;
  GPtrArray       *runs;
  GPtrArray       *unplaced;      /* of EaImportArrival: of the latest run */
  GPtrArray       *duplicates;    /* of EaImportDuplicate */
  GPtrArray       *map_columns;   /* of EaImportColumn: in the mapping dialog */
  char            *map_path;
  EaPlatformConfig *platform;     /* as loaded last */
  gboolean         preview_from_platform;
  guint            fetch_id;      /* the next automatic fetch */
  gboolean         fetch_failing; /* said once until a fetch succeeds */
  GtkNativeDialog *file_dialog;

  GtkWidget       *box;
  GtkWidget       *content;
  GtkWidget       *import_button;
  GtkWidget       *choose_button;

  /* A preview or an import running in a worker thread. */
  GCancellable    *cancellable;
  gboolean         job_dry_run;
  gboolean         job_platform;  /* the platform, not a file */
  gboolean         job_automatic; /* on schedule: imported without preview */
  char            *job_path;
  int              permille;      /* written by the worker (atomic) */
  guint            progress_id;
  GtkWidget       *progress_bar;
  GtkWidget       *preview_stack;
};

G_DEFINE_FINAL_TYPE (EaImportPage, ea_import_page, GTK_TYPE_WIDGET)

static void rebuild (EaImportPage *self);
static void schedule_fetches (EaImportPage *self,
                              gboolean      starting);

/* A row that shows its texts as they are: file names, addresses and
 * messages may hold "&" or "<". */
static GtkWidget *
plain_row (void)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

#define LIST_SHOWN 200

static GtkWidget *
boxed_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  return list;
}

static void
add_more_row (GtkWidget *list,
              guint      shown,
              guint      total)
{
  GtkWidget *row;
  g_autofree char *more = NULL;

  if (total == 0)
    {
      row = plain_row ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("None."));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      return;
    }
  if (total <= shown)
    return;
  more = g_strdup_printf (_("and %u more"), total - shown);
  row = plain_row ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
}

/* The persons of one kind of change, the first LIST_SHOWN of them. */
static GtkWidget *
change_list (EaImportResult     *r,
             EaImportChangeKind  kind)
{
  GtkWidget *list = boxed_list ();
  guint shown = 0, total = 0;

  for (guint i = 0; r->changes != NULL && i < r->changes->len; i++)
    {
      EaImportChange *c = g_ptr_array_index (r->changes, i);
      GtkWidget *row;
      g_autofree char *where = NULL;

      if (c->kind != kind)
        continue;
      if (++total > LIST_SHOWN)
        continue;
      shown++;
      row = plain_row ();
      where = c->line > 0 && c->person_id != NULL
        ? g_strdup_printf (_("Line %u · person %s"), c->line, c->person_id)
        : c->line > 0 ? g_strdup_printf (_("Line %u"), c->line)
        : g_strdup (c->person_id != NULL ? c->person_id : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  add_more_row (list, shown, total);
  return list;
}

/* Errors or notes with their lines. */
static GtkWidget *
issue_list (GPtrArray *issues)
{
  GtkWidget *list = boxed_list ();

  for (guint i = 0; i < MIN (issues->len, LIST_SHOWN); i++)
    {
      EaImportIssue *issue = g_ptr_array_index (issues, i);
      GtkWidget *row = plain_row ();
      g_autofree char *where = issue->person_id != NULL
        ? g_strdup_printf (_("Line %u · person %s%s%s"), issue->line, issue->person_id,
                           issue->field ? " · " : "", issue->field ? issue->field : "")
        : g_strdup_printf (_("Line %u"), issue->line);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), issue->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), where);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  add_more_row (list, MIN (issues->len, LIST_SHOWN), issues->len);
  return list;
}

/* The state platform: where from and how often, with Abrufen and
 * Einrichten. */
static GtkWidget *
platform_row (EaImportPage *self)
{
  GtkWidget *row = plain_row ();
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("State platform"));
  if (self->platform == NULL || self->platform->url == NULL)
    subtitle = g_strdup (_("Not set up: the administrator enters its address and token once."));
  else if (self->platform->interval_minutes > 0)
    subtitle = g_strdup_printf (_("%s · fetched every %u minutes"), self->platform->url,
                                self->platform->interval_minutes);
  else
    subtitle = g_strdup_printf (_("%s · fetched by hand"), self->platform->url);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (ea_session_can (self->session, EA_RIGHT_SETTINGS))
    {
      GtkWidget *setup = gtk_button_new_with_mnemonic (_("_Set Up…"));

      gtk_widget_set_valign (setup, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (setup), "import.setup-platform");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), setup);
    }
  if (self->platform != NULL && self->platform->url != NULL)
    {
      GtkWidget *fetch = gtk_button_new_with_mnemonic (_("_Fetch"));

      gtk_widget_set_valign (fetch, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (fetch, "suggested-action");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (fetch), "import.fetch");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), fetch);
    }
  return row;
}

/* For a list: the way to map columns whose header the import does not know. */
static GtkWidget *
map_row (void)
{
  GtkWidget *row = plain_row ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Map Columns…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Columns of the list"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Columns with headers the import does not know can be mapped "
                                 "by hand once; the mapping is saved by name for the next list."));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "import.map-columns");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static GtkWidget *
preview_group (EaImportPage *self)
{
  EaImportResult *r = self->preview;
  GtkWidget *group = adw_preferences_group_new ();
  g_autofree char *name = g_path_get_basename (self->path);
  g_autofree char *title = self->preview_from_platform
    ? g_strdup (_("Preview: from the State Platform"))
    : g_strdup_printf (_("Preview: %s"), name);
  g_autofree char *description = r->repeated
    ? g_strdup_printf (_("Message %s (no. %lld) was imported before: importing it again changes "
                         "nothing."), r->message_id, (long long) r->sequence)
    : g_strdup_printf (_("Message %s (no. %lld). Nothing is stored until you import it."),
                       r->message_id, (long long) r->sequence);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  /* UI.md: tabs Neu, Geändert, Unverändert, Storniert, Mögliche Dubletten,
   * Fehler, each with its count; the notes beside them. */
  {
    const struct { const char *name; const char *title; const char *icon; guint count;
                   GtkWidget *child; } tabs[] = {
      { "new", _("New"), "list-add-symbolic", r->created,
        change_list (r, EA_IMPORT_CHANGE_NEW) },
      { "changed", _("Changed"), "document-edit-symbolic", r->updated,
        change_list (r, EA_IMPORT_CHANGE_CHANGED) },
      { "unchanged", _("Unchanged"), "object-select-symbolic", r->unchanged,
        change_list (r, EA_IMPORT_CHANGE_UNCHANGED) },
      { "cancelled", _("Cancelled"), "action-unavailable-symbolic", r->cancelled,
        change_list (r, EA_IMPORT_CHANGE_CANCELLED) },
      { "duplicates", _("Probable Duplicates"), "edit-copy-symbolic", r->duplicates_to_review,
        change_list (r, EA_IMPORT_CHANGE_DUPLICATE) },
      { "errors", _("Errors"), "dialog-error-symbolic", r->errors->len,
        issue_list (r->errors) },
      { "notes", _("Notes"), "dialog-information-symbolic", r->warnings->len,
        issue_list (r->warnings) },
    };
    GtkWidget *stack = adw_view_stack_new ();
    GtkWidget *switcher = adw_view_switcher_new ();
    const char *first = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
      {
        AdwViewStackPage *page = adw_view_stack_add_titled (ADW_VIEW_STACK (stack),
                                                            tabs[i].child, tabs[i].name,
                                                            tabs[i].title);

        adw_view_stack_page_set_icon_name (page, tabs[i].icon);
        adw_view_stack_page_set_badge_number (page, tabs[i].count);
        if (first == NULL && tabs[i].count > 0)
          first = tabs[i].name;
      }
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), first ? first : "new");
    adw_view_stack_set_vhomogeneous (ADW_VIEW_STACK (stack), FALSE);
    adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_STACK (stack));
    adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_NARROW);
    gtk_widget_set_margin_bottom (switcher, 12);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), switcher);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), stack);
    self->preview_stack = stack;
  }
  if (!self->preview_from_platform && ea_import_is_list (self->path))
    {
      GtkWidget *list = boxed_list ();

      gtk_widget_set_margin_top (list, 18);
      gtk_list_box_append (GTK_LIST_BOX (list), map_row ());
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
    }
  return group;
}

static char *
describe_run (EaImportRun *run)
{
  g_autofree char *iso = g_strndup (run->started_at, 10);
  g_autofree char *day = ea_date_format (iso);
  g_autofree char *name = g_path_get_basename (run->source);

  return g_strdup_printf (_("%s · %s · by %s · %u new, %u changed, %u unchanged, %u cancelled, "
                            "%u rejected, %u to review"), day, name, run->user, run->created,
                          run->updated, run->unchanged, run->cancelled, run->rejected,
                          run->duplicates_to_review);
}

/* One line of the comparison: the field, the file known, the record;
 * what differs stands out. */
static void
compare_line (GtkGrid    *grid,
              int         row,
              const char *field,
              const char *known,
              const char *record)
{
  const char *texts[] = { field, known ? known : "–", record ? record : "–" };

  for (int column = 0; column < 3; column++)
    {
      GtkWidget *label = gtk_label_new (texts[column]);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      /* A long number breaks too, in a narrow window. */
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), column > 0);
      gtk_widget_set_hexpand (label, column > 0);
      if (column == 0)
        gtk_widget_add_css_class (label, "dim-label");
      else if (g_strcmp0 (known, record) != 0)
        gtk_widget_add_css_class (label, "ea-differs");
      gtk_grid_attach (grid, label, column, row, 1, 1);
    }
}

static GtkWidget *
duplicate_row (EaImportDuplicate *d)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *same = gtk_button_new_with_mnemonic (_("_Same Person"));
  GtkWidget *different = gtk_button_new_with_mnemonic (_("_Different Persons"));
  g_autofree char *known_title = g_strdup_printf (_("Known (no. %lld)"), (long long) d->existing_id);
  g_autofree char *record_title = g_strdup_printf (_("From the import (line %u)"), d->line);
  g_autofree char *known_day = ea_date_format (d->existing_birth_date);
  g_autofree char *record_day = ea_date_format (d->birth_date);
  GtkWidget *headers[] = { gtk_label_new (""), gtk_label_new (known_title),
                           gtk_label_new (record_title) };

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), FALSE);
  for (int column = 0; column < 3; column++)
    {
      gtk_label_set_xalign (GTK_LABEL (headers[column]), 0);
      gtk_label_set_wrap (GTK_LABEL (headers[column]), TRUE);
      gtk_widget_add_css_class (headers[column], "heading");
      gtk_grid_attach (GTK_GRID (grid), headers[column], column, 0, 1, 1);
    }
  compare_line (GTK_GRID (grid), 1, _("Name"), d->existing_name, d->name);
  compare_line (GTK_GRID (grid), 2, _("Date of birth"), known_day, record_day);
  compare_line (GTK_GRID (grid), 3, _("AZR number"), d->existing_azr, d->azr);
  compare_line (GTK_GRID (grid), 4, _("Status"), d->existing_status, _("expected"));
  gtk_box_append (GTK_BOX (box), grid);
  /* Why it was held: what agreed, and what the keys say. */
  if (d->message != NULL)
    {
      GtkWidget *why = gtk_label_new (d->message);

      gtk_label_set_xalign (GTK_LABEL (why), 0);
      gtk_label_set_wrap (GTK_LABEL (why), TRUE);
      gtk_widget_add_css_class (why, "dim-label");
      gtk_box_append (GTK_BOX (box), why);
    }

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_tooltip_text (same, _("The record updates the file already known"));
  gtk_widget_set_tooltip_text (different, _("The record becomes a file of its own"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (same), "import.decide");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (same), "(xb)", d->review_id, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (different), "import.decide");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (different), "(xb)", d->review_id, FALSE);
  gtk_box_append (GTK_BOX (buttons), different);
  gtk_box_append (GTK_BOX (buttons), same);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* Probable duplicates held by past imports, side by side, each decided
 * with one of two buttons. */
static void
add_duplicates (EaImportPage *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *group;
  GtkWidget *list;

  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  self->duplicates = ea_import_list_duplicates (self->session, &error);
  if (self->duplicates == NULL || self->duplicates->len == 0)
    return;
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Probable Duplicates"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("These records agree with a person already known in name and date of birth (where the "
      "day stands for an unknown one, also in place of birth or nationality), and no AZR "
      "number or platform id says otherwise. They were not imported: decide for each whether "
      "it is the same person."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < MIN (self->duplicates->len, DUPLICATES_SHOWN); i++)
    gtk_list_box_append (GTK_LIST_BOX (list),
                         duplicate_row (g_ptr_array_index (self->duplicates, i)));
  if (self->duplicates->len > DUPLICATES_SHOWN)
    {
      GtkWidget *row = plain_row ();
      g_autofree char *more = g_strdup_printf (_("%u more after these are decided"),
                                               self->duplicates->len - DUPLICATES_SHOWN);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (GTK_BOX (self->content), group);
}

/* The latest run's arrivals without a bed: Bett finden for each household
 * for those who place persons, a pointer to who does for the others. */
static void
add_unplaced (EaImportPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean can_place = ea_session_can (self->session, EA_RIGHT_EDIT_STAYS);
  EaImportRun *latest;
  GtkWidget *group;
  g_autofree char *description = NULL;

  g_clear_pointer (&self->unplaced, g_ptr_array_unref);
  if (self->runs == NULL || self->runs->len == 0)
    return;
  latest = g_ptr_array_index (self->runs, 0);
  self->unplaced = ea_import_list_unplaced (self->session, latest->id, &error);
  if (self->unplaced == NULL || self->unplaced->len == 0)
    return;
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Arrivals Without a Bed"));
  description = can_place
    ? g_strdup_printf (_("Announced by the latest import (message %s). Find a bed for each "
                         "household, or place all at once under Belegung → Ankünfte verteilen."),
                       latest->message_id ? latest->message_id : "–")
    : g_strdup_printf (_("Announced by the latest import (message %s). Housing management "
                         "places them under Belegung → Ankünfte verteilen."),
                       latest->message_id ? latest->message_id : "–");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  for (guint i = 0; i < MIN (self->unplaced->len, ARRIVALS_SHOWN); i++)
    {
      EaImportArrival *a = g_ptr_array_index (self->unplaced, i);
      GtkWidget *row = plain_row ();
      g_autofree char *day = ea_date_format (a->expected_on);
      g_autofree char *subtitle = a->household_size > 1
        ? g_strdup_printf (_("Household of %u · expected %s"), a->household_size, day)
        : g_strdup_printf (_("Alone · expected %s"), day);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), a->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (can_place)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("_Find a Bed…"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "import.find-bed");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", i);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  if (self->unplaced->len > ARRIVALS_SHOWN)
    {
      GtkWidget *row = plain_row ();
      g_autofree char *more = g_strdup_printf (_("and %u more households"),
                                               self->unplaced->len - ARRIVALS_SHOWN);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_box_append (GTK_BOX (self->content), group);
}

/* While a preview or an import runs: what, how far, and a way to stop. */
static GtkWidget *
job_group (EaImportPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_autofree char *name = g_path_get_basename (self->job_path);
  g_autofree char *title = self->job_platform
    ? g_strdup (self->job_dry_run ? _("Fetching from the Platform for the Preview")
                                  : _("Fetching from the Platform and Importing"))
    : g_strdup_printf (self->job_dry_run ? _("Reading %s for the Preview") : _("Importing %s"),
                       name);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    self->job_dry_run ? _("Nothing is stored yet.")
                      : _("Everything is stored at once at the end; cancelled, nothing changes."));
  self->progress_bar = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress_bar), !self->job_platform);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                 g_atomic_int_get (&self->permille) / 1000.0);
  gtk_widget_set_halign (cancel, GTK_ALIGN_END);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "import.cancel");
  gtk_box_append (GTK_BOX (box), self->progress_bar);
  gtk_box_append (GTK_BOX (box), cancel);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), box);
  return group;
}

static void
job_progress_cb (double   fraction,
                 gpointer data)
{
  EaImportPage *self = data;

  g_atomic_int_set (&self->permille, (int) (fraction * 1000));
}

static gboolean
show_progress_cb (gpointer data)
{
  EaImportPage *self = data;

  if (self->progress_bar != NULL && self->job_platform)
    gtk_progress_bar_pulse (GTK_PROGRESS_BAR (self->progress_bar));
  else if (self->progress_bar != NULL)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                   g_atomic_int_get (&self->permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  EaSession *session;   /* a copy: a connection of the worker's own */
  char      *path;      /* a file, or the platform's address */
  char      *ca_file;   /* the platform's */
  char      *client_cert;
  gboolean   platform;
  gboolean   dry_run;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  g_free (job->path);
  g_free (job->ca_file);
  g_free (job->client_cert);
  g_free (job);
}

/* The platform's token: from the keyring, else from the environment (as
 * for eakte-cli); without one the platform says that access is refused. */
static char *
platform_token (const char   *url,
                GCancellable *cancellable)
{
  char *token = ea_platform_lookup_token (url, cancellable, NULL);

  if (token == NULL && g_getenv ("EAKTE_PLATFORM_TOKEN") != NULL)
    token = g_strdup (g_getenv ("EAKTE_PLATFORM_TOKEN"));
  return token;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  EaImportResult *result;

  if (job->platform)
    {
      g_autofree char *token = platform_token (job->path, cancellable);

      result = ea_platform_fetch_full (job->session, job->path, token, job->ca_file,
                                       job->client_cert, job->dry_run, cancellable, &error);
    }
  else
    result = ea_import_file (job->session, job->path, job->dry_run, job_progress_cb,
                             source_object, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) ea_import_result_free);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *res,
             gpointer      data)
{
  EaImportPage *self = EA_IMPORT_PAGE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(EaImportResult) result = g_task_propagate_pointer (G_TASK (res), &error);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->box == NULL)
    return;   /* the page was closed meanwhile */
  if (self->job_automatic)
    {
      /* On schedule: imported without a preview; only what matters is said. */
      if (result != NULL && result->created + result->updated + result->cancelled > 0)
        {
          g_autofree char *text = g_strdup_printf (_("From the platform: %u new, %u changed, "
                                                     "%u cancelled, %u to review."),
                                                   result->created, result->updated,
                                                   result->cancelled,
                                                   result->duplicates_to_review);

          ea_toast_show (GTK_WIDGET (self), text);
        }
      /* A platform that stays down is said once, not at every interval. */
      else if (result == NULL && !cancelled && !self->fetch_failing)
        {
          g_autofree char *text = g_strdup_printf (_("Fetching from the platform failed: %s"),
                                                   error->message);

          ea_toast_show (GTK_WIDGET (self), text);
        }
      self->fetch_failing = result == NULL && !cancelled;
    }
  else if (self->job_dry_run)
    {
      g_clear_pointer (&self->refusal, g_free);
      g_clear_pointer (&self->preview, ea_import_result_free);
      if (result != NULL)
        {
          self->preview = g_steal_pointer (&result);
          g_free (self->path);
          self->path = g_strdup (self->job_path);
          self->preview_from_platform = self->job_platform;
        }
      else if (cancelled)
        ea_toast_show (GTK_WIDGET (self), _("Preview cancelled."));
      else
        self->refusal = g_strdup (error->message);
    }
  else if (result != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Imported: %u new, %u changed, %u cancelled, "
                                                 "%u rejected, %u to review."),
                                               result->created, result->updated,
                                               result->cancelled, result->rejected,
                                               result->duplicates_to_review);

      g_clear_pointer (&self->preview, ea_import_result_free);
      g_clear_pointer (&self->path, g_free);
      ea_toast_show (GTK_WIDGET (self), text);
    }
  else
    ea_toast_show (GTK_WIDGET (self),
                          cancelled ? _("Import cancelled: nothing changed.") : error->message);
  rebuild (self);
}

/* Reads @path as a dry run (a preview) or imports it, in a worker thread
 * with a connection of its own; the page shows how far it is. */
static gboolean
run_job (EaImportPage *self,
         const char   *path,
         gboolean      platform,
         gboolean      dry_run,
         gboolean      automatic)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->cancellable != NULL)
    return FALSE;
  job = g_new0 (Job, 1);
  job->platform = platform;
  if (platform && self->platform != NULL)
    {
      job->ca_file = g_strdup (self->platform->ca_file);
      job->client_cert = g_strdup (self->platform->client_cert);
    }
  job->session = ea_session_open_copy (self->session, &error);
  if (job->session == NULL)
    {
      job_free (job);
      ea_toast_show (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  job->path = g_strdup (path);
  job->dry_run = dry_run;
  g_free (self->job_path);
  self->job_path = g_strdup (path);
  self->job_dry_run = dry_run;
  self->job_platform = platform;
  self->job_automatic = automatic;
  g_atomic_int_set (&self->permille, 0);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, job_done_cb, NULL);
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
  self->progress_id = g_timeout_add (100, show_progress_cb, self);
  rebuild (self);
  return TRUE;
}

static gboolean
start_job (EaImportPage *self,
           const char   *path,
           gboolean      dry_run)
{
  return run_job (self, path, FALSE, dry_run, FALSE);
}

/* Fetches from the platform: a preview by hand, an import on schedule. */
static gboolean
start_fetch (EaImportPage *self,
             gboolean      automatic)
{
  if (self->platform == NULL || self->platform->url == NULL)
    return FALSE;
  return run_job (self, self->platform->url, TRUE, !automatic, automatic);
}

static void
wait_for_job (EaImportPage *self)
{
  while (self->cancellable != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* Why the last file was refused, and for a list the way to map its
 * columns. */
static GtkWidget *
refusal_group (EaImportPage *self)
{
  GtkWidget *refused = adw_preferences_group_new ();
  GtkWidget *row = plain_row ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (refused),
                                   _("The File Was Refused: Nothing Changed"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), self->refusal);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (icon, "warning");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (refused), row);
  if (self->job_path != NULL && ea_import_is_list (self->job_path))
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (refused), map_row ());
  return refused;
}

/* Imported before: the way in stays small above what is to do. */
static GtkWidget *
new_import_group (EaImportPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = plain_row ();
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose File…"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("New Import"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 _("Zuweisungsliste (XML) or list (CSV, XLSX)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("A preview shows what changes before anything is stored."));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (choose, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "import.choose");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), platform_row (self));
  return group;
}

/* Nothing imported yet: a status page with the ways in, a file and,
 * where it is set up or may be, the platform. */
static GtkWidget *
first_import_page (EaImportPage *self)
{
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *ways = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose File…"));
  GtkWidget *platform = NULL;

  if (self->platform != NULL && self->platform->url != NULL)
    {
      platform = gtk_button_new_with_mnemonic (_("_Fetch from the Platform"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (platform), "import.fetch");
    }
  else if (ea_session_can (self->session, EA_RIGHT_SETTINGS))
    {
      platform = gtk_button_new_with_mnemonic (_("Set Up the _Platform…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (platform), "import.setup-platform");
    }

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "folder-download-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Import Transfers"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status),
    _("Choose a Zuweisungsliste (XML) of the state platform or a list (CSV or XLSX) with the "
      "usual German headers. A preview shows what changes before anything is stored."));
  gtk_widget_add_css_class (choose, "pill");
  gtk_widget_add_css_class (choose, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "import.choose");
  gtk_widget_set_halign (ways, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (ways), choose);
  if (platform != NULL)
    {
      gtk_widget_add_css_class (platform, "pill");
      gtk_box_append (GTK_BOX (ways), platform);
    }
  adw_status_page_set_child (ADW_STATUS_PAGE (status), ways);
  return status;
}

/* The past import runs, or why they cannot be read (@error). */
static GtkWidget *
runs_group (EaImportPage *self,
            const GError *error)
{
  GtkWidget *runs = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (runs), _("Past Import Runs"));
  if (self->runs == NULL || self->runs->len == 0)
    {
      GtkWidget *row = plain_row ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     self->runs == NULL ? error->message
                                                        : _("Nothing imported yet."));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (runs), row);
    }
  for (guint i = 0; self->runs != NULL && i < self->runs->len; i++)
    {
      EaImportRun *run = g_ptr_array_index (self->runs, i);
      GtkWidget *row = plain_row ();
      g_autofree char *title = g_strdup_printf (_("Message %s (no. %lld)"),
                                                run->message_id ? run->message_id : "–",
                                                (long long) run->sequence);
      g_autofree char *subtitle = describe_run (run);
      GtkWidget *state = gtk_label_new (g_str_equal (run->state, "done") ? _("complete")
                                                                         : _("in part"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_add_css_class (state, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (runs), row);
    }
  return runs;
}

static void
rebuild (EaImportPage *self)
{
  GtkWidget *child;
  g_autoptr(GError) error = NULL;

  while ((child = gtk_widget_get_first_child (self->content)) != NULL)
    gtk_box_remove (GTK_BOX (self->content), child);
  self->progress_bar = NULL;
  self->preview_stack = NULL;
  gtk_widget_set_visible (self->import_button, self->preview != NULL && !self->preview->repeated &&
                                               self->cancellable == NULL);
  gtk_widget_set_sensitive (self->choose_button, self->cancellable == NULL);
  if (self->cancellable != NULL)
    {
      gtk_box_append (GTK_BOX (self->content), job_group (self));
      return;
    }
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  self->runs = ea_import_list_runs (self->session, RUNS_SHOWN, &error);
  g_clear_pointer (&self->platform, ea_platform_config_free);
  self->platform = ea_platform_config_load (self->session, NULL);

  if (self->refusal != NULL)
    gtk_box_append (GTK_BOX (self->content), refusal_group (self));
  if (self->preview != NULL)
    gtk_box_append (GTK_BOX (self->content), preview_group (self));
  else if (self->runs != NULL && self->runs->len > 0)
    gtk_box_append (GTK_BOX (self->content), new_import_group (self));
  else
    gtk_box_append (GTK_BOX (self->content), first_import_page (self));

  add_unplaced (self);
  add_duplicates (self);
  gtk_box_append (GTK_BOX (self->content), runs_group (self, error));
}

gboolean
_ea_import_page_preview (EaImportPage *self,
                         const char   *path)
{
  if (!start_job (self, path, TRUE))
    return FALSE;
  wait_for_job (self);
  return self->preview != NULL;
}

gboolean
_ea_import_page_start_import (EaImportPage *self)
{
  if (self->path == NULL)
    return FALSE;
  if (self->preview_from_platform)
    return run_job (self, self->path, TRUE, FALSE, FALSE);
  return start_job (self, self->path, FALSE);
}

gboolean
_ea_import_page_fetch (EaImportPage *self,
                       gboolean      automatic)
{
  if (!start_fetch (self, automatic))
    return FALSE;
  wait_for_job (self);
  return TRUE;
}

gboolean
_ea_import_page_import (EaImportPage *self)
{
  if (!_ea_import_page_start_import (self))
    return FALSE;
  wait_for_job (self);
  return self->path == NULL;
}

void
_ea_import_page_show_preview_tab (EaImportPage *self,
                                  const char   *name)
{
  if (self->preview_stack != NULL)
    adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->preview_stack), name);
}

gboolean
_ea_import_page_is_busy (EaImportPage *self)
{
  return self->cancellable != NULL;
}

double
_ea_import_page_get_fraction (EaImportPage *self)
{
  return g_atomic_int_get (&self->permille) / 1000.0;
}

void
_ea_import_page_cancel (EaImportPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

EaImportResult *
_ea_import_page_get_preview (EaImportPage *self)
{
  return self->preview;
}

guint
_ea_import_page_get_n_runs (EaImportPage *self)
{
  return self->runs != NULL ? self->runs->len : 0;
}

guint
_ea_import_page_get_n_duplicates (EaImportPage *self)
{
  return self->duplicates != NULL ? self->duplicates->len : 0;
}

guint
_ea_import_page_get_n_unplaced (EaImportPage *self)
{
  return self->unplaced != NULL ? self->unplaced->len : 0;
}

gboolean
_ea_import_page_decide (EaImportPage *self,
                        gint64        review_id,
                        gboolean      same_person)
{
  g_autoptr(GError) error = NULL;

  if (ea_import_decide (self->session, review_id, same_person, &error) == 0)
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      rebuild (self);
      return FALSE;
    }
  ea_toast_show (GTK_WIDGET (self),
                        same_person ? _("The record updated the file already known.")
                                    : _("The record was imported as a person of their own."));
  rebuild (self);
  return TRUE;
}

static void
merge_save_cb (EaEditDialog *dialog,
               EaImportPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) keep_file = NULL;
  const char *const *fields = g_object_get_data (G_OBJECT (dialog), "ea-fields");
  gint64 review_id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "ea-review");

  for (guint i = 0; fields[i] != NULL; i++)
    if (ea_edit_dialog_get_either (dialog, fields[i]))
      g_strv_builder_add (kept, fields[i]);
  keep_file = g_strv_builder_end (kept);
  if (ea_import_decide_merge (self->session, review_id, (const char *const *) keep_file,
                              &error) == 0)
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  ea_toast_show (GTK_WIDGET (self), _("The record updated the file already known."));
  rebuild (self);
}

/* Dieselbe Person: where the record and the file differ, the user
 * chooses field by field which value the file keeps (issue "The window":
 * a plain "Yilmaz" must not replace "Yılmaz" unasked); with no difference
 * the record is merged at once. Returns the dialog, or %NULL when merged
 * (or refused) without one. */
EaEditDialog *
_ea_import_page_merge (EaImportPage *self,
                       gint64        review_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) differences = NULL;
  GStrv fields;
  EaEditDialog *dialog;

  differences = ea_import_list_differences (self->session, review_id, &error);
  if (differences == NULL)
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      rebuild (self);
      return NULL;
    }
  if (differences->len == 0)
    {
      _ea_import_page_decide (self, review_id, TRUE);
      return NULL;
    }
  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("Merge Files"));
  ea_edit_dialog_set_description (dialog,
    _("The record from the import differs from the file in these fields. Choose for each "
      "which value the file keeps."));
  ea_edit_dialog_set_save_label (dialog, _("_Merge"));
  /* Room for the title between Abbrechen and Zusammenführen, and for
   * two values side by side with their words; still within 600 px. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, 680);
  fields = g_new0 (char *, differences->len + 1);
  for (guint i = 0; i < differences->len; i++)
    {
      EaImportDifference *d = g_ptr_array_index (differences, i);
      g_autofree char *file = g_strdup_printf (_("In the file: %s"),
                                               d->file_text != NULL ? d->file_text
                                                                    : _("(empty)"));
      g_autofree char *import = g_strdup_printf (_("From the import: %s"),
                                                 d->import_text != NULL ? d->import_text
                                                                        : _("(empty)"));

      fields[i] = g_strdup (d->field);
      ea_edit_dialog_add_either (dialog, d->field, d->label, file, import, d->keep_file);
    }
  g_object_set_data_full (G_OBJECT (dialog), "ea-fields", fields, (GDestroyNotify) g_strfreev);
  g_object_set_data_full (G_OBJECT (dialog), "ea-review", g_memdup2 (&review_id, sizeof review_id),
                          g_free);
  g_signal_connect_object (dialog, "save", G_CALLBACK (merge_save_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
bed_placed_cb (EaFindBedDialog *dialog,
               const char      *message,
               EaImportPage    *self)
{
  ea_toast_show (GTK_WIDGET (self), message);
  rebuild (self);
}

EaFindBedDialog *
_ea_import_page_find_bed (EaImportPage *self,
                          guint         index)
{
  EaImportArrival *a;
  EaFindBedDialog *dialog;

  if (self->unplaced == NULL || index >= self->unplaced->len)
    return NULL;
  a = g_ptr_array_index (self->unplaced, index);
  dialog = ea_find_bed_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   self->session, a->person_id, a->name, a->household_size > 1);
  g_signal_connect_object (dialog, "placed", G_CALLBACK (bed_placed_cb), self, 0);
  return dialog;
}

static void
mapping_save_cb (EaEditDialog *dialog,
                 EaImportPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *toast = NULL;
  const char *name = ea_edit_dialog_get_text (dialog, "name");

  for (guint i = 0; i < self->map_columns->len; i++)
    {
      EaImportColumn *c = g_ptr_array_index (self->map_columns, i);
      g_autofree char *key = g_strdup_printf ("column-%u", i);
      const char *field;

      if (c->known)
        continue;
      field = ea_edit_dialog_get_choice (dialog, key);
      g_free (c->field);
      c->field = field != NULL && field[0] != '\0' ? g_strdup (field) : NULL;
    }
  if (!ea_import_save_mapping (self->session, name, self->map_columns, &error))
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  toast = g_strdup_printf (_("Mapping “%s” saved."), name);
  ea_toast_show (GTK_WIDGET (self), toast);
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* The list again, read with the mapping. */
  start_job (self, self->map_path, TRUE);
}

EaEditDialog *
_ea_import_page_map_columns (EaImportPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *used = NULL;
  const char *path = self->preview != NULL ? self->path : self->job_path;
  const char *const *fields = ea_import_list_field_names ();
  EaEditDialog *dialog;
  GPtrArray *columns;

  if (path == NULL || !ea_import_is_list (path) || self->cancellable != NULL)
    return NULL;
  columns = ea_import_dup_list_columns (self->session, path, &used, &error);
  if (columns == NULL)
    {
      ea_toast_show (GTK_WIDGET (self), error->message);
      return NULL;
    }
  g_clear_pointer (&self->map_columns, g_ptr_array_unref);
  self->map_columns = columns;
  g_free (self->map_path);
  self->map_path = g_strdup (path);

  g_ptr_array_add (values, (gpointer) "");
  g_ptr_array_add (labels, (gpointer) _("Not imported"));
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_ptr_array_add (values, (gpointer) fields[i]);
      g_ptr_array_add (labels, (gpointer) ea_import_list_field_label (fields[i]));
    }
  g_ptr_array_add (values, NULL);
  g_ptr_array_add (labels, NULL);

  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("Map Columns"));
  ea_edit_dialog_add_text (dialog, "name", _("Save the mapping as (e.g. the reception centre)"),
                           used != NULL ? used : "");
  for (guint i = 0; i < columns->len; i++)
    {
      EaImportColumn *c = g_ptr_array_index (columns, i);
      g_autofree char *key = g_strdup_printf ("column-%u", i);

      /* Headers the import knows need no choice. */
      if (c->known || c->header[0] == '\0')
        continue;
      ea_edit_dialog_add_choice (dialog, key, c->header, (const char **) values->pdata,
                                 (const char **) labels->pdata, c->field != NULL ? c->field : "");
    }
  g_signal_connect_object (dialog, "save", G_CALLBACK (mapping_save_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* On schedule: import what the platform has unless something else runs
 * or a preview waits for a decision. */
static gboolean
scheduled_fetch_cb (gpointer data)
{
  EaImportPage *self = data;

  if (self->cancellable == NULL && self->preview == NULL)
    start_fetch (self, TRUE);
  if (self->platform == NULL || self->platform->interval_minutes == 0)
    {
      self->fetch_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
first_fetch_cb (gpointer data)
{
  EaImportPage *self = data;

  self->fetch_id = 0;
  scheduled_fetch_cb (self);
  schedule_fetches (self, FALSE);
  return G_SOURCE_REMOVE;
}

static void
schedule_fetches (EaImportPage *self,
                  gboolean      starting)
{
  g_clear_handle_id (&self->fetch_id, g_source_remove);
  if (self->platform == NULL || self->platform->url == NULL)
    return;
  if (starting && self->platform->at_start)
    self->fetch_id = g_timeout_add_seconds (3, first_fetch_cb, self);
  else if (self->platform->interval_minutes > 0)
    self->fetch_id = g_timeout_add_seconds (self->platform->interval_minutes * 60,
                                            scheduled_fetch_cb, self);
}

guint
_ea_import_page_get_fetch_source (EaImportPage *self)
{
  return self->fetch_id;
}

static EaPlatformConfig *
dialog_config (EaEditDialog *dialog)
{
  EaPlatformConfig *config = g_new0 (EaPlatformConfig, 1);

  config->url = g_strstrip (g_strdup (ea_edit_dialog_get_text (dialog, "url")));
  config->ca_file = g_strdup (ea_edit_dialog_get_text (dialog, "ca-file"));
  config->client_cert = g_strdup (ea_edit_dialog_get_text (dialog, "client-cert"));
  config->interval_minutes = (guint) ea_edit_dialog_get_number (dialog, "interval");
  config->at_start = ea_edit_dialog_get_switch (dialog, "at-start");
  return config;
}

static void
platform_saved (EaImportPage *self,
                EaEditDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPlatformConfig) config = dialog_config (dialog);

  if (!ea_platform_config_save (self->session, config, &error))
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  ea_toast_show (GTK_WIDGET (self), _("The platform is set up."));
  gtk_window_destroy (GTK_WINDOW (dialog));
  rebuild (self);
  schedule_fetches (self, FALSE);
}

typedef struct
{
  EaImportPage *self;
  EaEditDialog *dialog;
  char         *url;
  char         *token;
} TokenJob;

static void
token_job_free (TokenJob *job)
{
  g_object_unref (job->self);
  g_object_unref (job->dialog);
  g_free (job->url);
  g_free (job->token);
  g_free (job);
}

static void
token_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TokenJob *job = task_data;
  GError *error = NULL;

  if (ea_platform_store_token (job->url, job->token, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  TokenJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* Closed meanwhile (the window or the page): nothing more to say. */
  if (!gtk_widget_get_visible (GTK_WIDGET (job->dialog)) || job->self->box == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (job->dialog), TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    ea_edit_dialog_show_error (job->dialog, error->message);
  else
    platform_saved (job->self, job->dialog);
}

/* The settings are checked first; the token goes to the keyring in a
 * thread (the keyring may ask to be unlocked); then the settings are
 * saved. When the keyring refuses, nothing is saved. */
static void
platform_save_cb (EaEditDialog *dialog,
                  EaImportPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EaPlatformConfig) config = dialog_config (dialog);
  g_autoptr(GTask) task = NULL;
  const char *token = ea_edit_dialog_get_text (dialog, "token");
  TokenJob *job;

  if (!ea_platform_config_check (config, &error))
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  if (token == NULL || token[0] == '\0' || config->url[0] == '\0')
    {
      platform_saved (self, dialog);
      return;
    }
  job = g_new0 (TokenJob, 1);
  job->self = g_object_ref (self);
  job->dialog = g_object_ref (dialog);
  job->url = g_strdup (config->url);
  job->token = g_strdup (token);
  gtk_widget_set_sensitive (GTK_WIDGET (dialog), FALSE);
  task = g_task_new (NULL, NULL, token_stored_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) token_job_free);
  g_task_run_in_thread (task, token_thread);
}

EaEditDialog *
_ea_import_page_setup_platform (EaImportPage *self)
{
  EaPlatformConfig *c = self->platform;
  EaEditDialog *dialog;

  if (!ea_session_can (self->session, EA_RIGHT_SETTINGS) || self->cancellable != NULL)
    return NULL;
  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("State Platform"));
  ea_edit_dialog_add_text (dialog, "url", _("Address (https://…)"),
                           c != NULL && c->url != NULL ? c->url : "");
  ea_edit_dialog_add_password (dialog, "token", _("Token (kept in the keyring; empty: unchanged)"));
  ea_edit_dialog_add_text (dialog, "ca-file", _("CA file (PEM; empty: the system's)"),
                           c != NULL && c->ca_file != NULL ? c->ca_file : "");
  ea_edit_dialog_add_text (dialog, "client-cert",
                           _("Client certificate (PEM with its key; empty: none)"),
                           c != NULL && c->client_cert != NULL ? c->client_cert : "");
  ea_edit_dialog_add_number (dialog, "interval", _("Fetch every … minutes (0: by hand)"), 0,
                             1440, 5, 0, c != NULL ? c->interval_minutes : 0);
  ea_edit_dialog_add_switch (dialog, "at-start", _("Fetch when an administrator logs in"),
                             c != NULL && c->at_start);
  g_signal_connect_object (dialog, "save", G_CALLBACK (platform_save_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
setup_platform_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _ea_import_page_setup_platform (EA_IMPORT_PAGE (widget));
}

static void
fetch_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_fetch (EA_IMPORT_PAGE (widget), FALSE);
}

static void
map_columns_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _ea_import_page_map_columns (EA_IMPORT_PAGE (widget));
}

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gint64 review_id;
  gboolean same;

  g_variant_get (parameter, "(xb)", &review_id, &same);
  if (same)
    _ea_import_page_merge (EA_IMPORT_PAGE (widget), review_id);
  else
    _ea_import_page_decide (EA_IMPORT_PAGE (widget), review_id, same);
}

static void
find_bed_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _ea_import_page_find_bed (EA_IMPORT_PAGE (widget), g_variant_get_uint32 (parameter));
}

static void
file_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  EaImportPage    *self)
{
  g_autofree char *path = ea_file_dialog_dup_path (dialog, response, GTK_WIDGET (self));

  g_clear_object (&self->file_dialog);
  if (path != NULL)
    start_job (self, path, TRUE);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EaImportPage *self = EA_IMPORT_PAGE (widget);
  g_autoptr(GtkFileFilter) xml = gtk_file_filter_new ();

  if (self->file_dialog != NULL)
    return;
  gtk_file_filter_set_name (xml, _("Zuweisungsliste (XML) or list (CSV, XLSX)"));
  gtk_file_filter_add_suffix (xml, "xml");
  gtk_file_filter_add_suffix (xml, "csv");
  gtk_file_filter_add_suffix (xml, "xlsx");
  self->file_dialog = ea_file_dialog_show (widget, GTK_FILE_CHOOSER_ACTION_OPEN,
                                                  _("Choose a Zuweisungsliste"), _("_Preview"),
                                                  xml, NULL, G_CALLBACK (file_response_cb));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EaImportPage *self = EA_IMPORT_PAGE (widget);

  g_clear_pointer (&self->preview, ea_import_result_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->refusal, g_free);
  rebuild (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _ea_import_page_start_import (EA_IMPORT_PAGE (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _ea_import_page_cancel (EA_IMPORT_PAGE (widget));
}

static void
ea_import_page_dispose (GObject *object)
{
  EaImportPage *self = EA_IMPORT_PAGE (object);

  /* A job still running ends on its own; cancelled, it changes nothing. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_handle_id (&self->fetch_id, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->file_dialog);
  g_clear_pointer (&self->preview, ea_import_result_free);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->unplaced, g_ptr_array_unref);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->refusal, g_free);
  g_clear_pointer (&self->job_path, g_free);
  g_clear_pointer (&self->map_columns, g_ptr_array_unref);
  g_clear_pointer (&self->map_path, g_free);
  g_clear_pointer (&self->platform, ea_platform_config_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ea_import_page_parent_class)->dispose (object);
}

static void
ea_import_page_class_init (EaImportPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ea_import_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.map-columns", NULL, map_columns_action);
  gtk_widget_class_install_action (widget_class, "import.setup-platform", NULL,
                                   setup_platform_action);
  gtk_widget_class_install_action (widget_class, "import.fetch", NULL, fetch_action);
  gtk_widget_class_install_action (widget_class, "import.decide", "(xb)", decide_action);
  gtk_widget_class_install_action (widget_class, "import.find-bed", "u", find_bed_action);
}

static void
ea_import_page_init (EaImportPage *self)
{
}

/**
 * ea_import_page_new:
 * @session: an administrator's session
 *
 * Returns: (transfer floating): the Import page
 */
EaImportPage *
ea_import_page_new (EaSession *session)
{
  EaImportPage *self = g_object_new (EA_TYPE_IMPORT_PAGE, NULL);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *choose = gtk_button_new_from_icon_name ("document-open-symbolic");
  GtkWidget *discard = gtk_button_new_with_mnemonic (_("_Discard"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->session = g_object_ref (session);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Import"), NULL));
  gtk_widget_set_tooltip_text (choose, _("Choose a Zuweisungsliste…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "import.choose");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), choose);
  self->choose_button = choose;
  self->import_button = gtk_button_new_with_mnemonic (_("_Import"));
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->import_button), "import.import");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->import_button);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (discard), "import.discard");
  g_object_bind_property (self->import_button, "visible", discard, "visible",
                          G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), discard);
  gtk_box_append (GTK_BOX (self->box), header);

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (self->content, 24);
  gtk_widget_set_margin_bottom (self->content, 24);
  gtk_widget_set_margin_start (self->content, 12);
  gtk_widget_set_margin_end (self->content, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (self->box), scroller);
  rebuild (self);
  schedule_fetches (self, TRUE);
  return self;
}
