/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-person-page"

#include "config.h"

#include "ea-person-page-private.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ea-document-viewer.h"
#include "ea-file-dialog.h"
#include "ea-find-bed-dialog.h"
#include "ea-live.h"
#include "ea-person-chooser.h"
#include "ea-toast.h"

/* The person page (UI.md): a header with the person and the actions, and
 * the file's sections in a view stack: Übersicht, Familie, Unterbringung,
 * Sprachen und Qualifikationen, Fallnotizen, Dokumente. What a role may
 * not see is absent, not greyed out; special categories carry a lock. */

enum {
  SIGNAL_BACK,
  SIGNAL_OPEN_PERSON,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  VIEW_OVERVIEW,
  VIEW_FAMILY,
  VIEW_HOUSING,
  VIEW_SKILLS,
  VIEW_NOTES,
  VIEW_DOCUMENTS,
  N_VIEWS
};

static const struct {
  const char *name;
  const char *title;
  const char *icon;
} views[N_VIEWS] = {
  { "overview", N_("Overview"), "avatar-default-symbolic" },
  { "family", N_("Family"), "system-users-symbolic" },
  { "housing", N_("Accommodation"), "go-home-symbolic" },
  { "skills", N_("Languages and Qualifications"), "accessories-dictionary-symbolic" },
  { "notes", N_("Case Notes"), "document-edit-symbolic" },
  { "documents", N_("Documents"), "folder-documents-symbolic" },
};

struct _EaPersonPage
{
  GtkWidget             parent_instance;

  EaSession            *session;
  gint64                person_id;
  EaPersonFile         *file;
  guint                 n_notes;
  guint                 n_documents;
  guint                 n_busy;
  gboolean              stale;   /* another seat changed something since */

  GtkWidget            *box;
  AdwWindowTitle       *title;
  AdwViewStack         *stack;
  GtkWidget            *slots[N_VIEWS];
  AdwViewStackPage     *pages[N_VIEWS];
  GtkWidget            *note_button;
  GtkWidget            *document_button;
  GtkWidget            *bed_button;
  GtkWidget            *menu_button;

  GtkNativeDialog      *file_dialog;
  gint64                export_document_id;
};

G_DEFINE_FINAL_TYPE (EaPersonPage, ea_person_page, GTK_TYPE_WIDGET)

static void reload (EaPersonPage *self);

static void
show_toast (EaPersonPage *self,
            const char   *text)
{
  AdwToast *toast = ea_toast_new (text);

  ea_toast_add (GTK_WIDGET (self), toast);
}

/* Building blocks */

/* The labels of a choice, translated, into @out, which has room for them
 * and the closing NULL. */
static const char **
translate_labels (const char * const *msgids,
                  const char        **out)
{
  guint i;

  for (i = 0; msgids[i] != NULL; i++)
    out[i] = _(msgids[i]);
  out[i] = NULL;
  return out;
}

static GtkWidget *
new_group (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static GtkWidget *
lock_icon (void)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("channel-secure-symbolic");

  gtk_widget_set_tooltip_text (icon, _("Special category of personal data (Art. 9 GDPR)"));
  gtk_widget_add_css_class (icon, "dim-label");
  return icon;
}

/* A field: its name, and its value on the right. Empty values are left
 * out, so the page shows what is known. */
static GtkWidget *
add_field (GtkWidget  *group,
           const char *label,
           const char *value,
           gboolean    special)
{
  GtkWidget *row, *text;

  if (value == NULL || value[0] == '\0')
    return NULL;
  row = adw_action_row_new ();
  text = gtk_label_new (value);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 1);
  gtk_label_set_justify (GTK_LABEL (text), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (text, TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), text);
  if (special)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), lock_icon ());
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static GtkWidget *
add_row (GtkWidget  *group,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
add_empty (GtkWidget  *group,
           const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
}

/* Replaces a view's content by a new page and returns it. */
static GtkWidget *
new_view (EaPersonPage *self,
          guint         view)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *old = gtk_widget_get_first_child (self->slots[view]);

  if (old != NULL)
    gtk_box_remove (GTK_BOX (self->slots[view]), old);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_widget_set_hexpand (page, TRUE);
  gtk_box_append (GTK_BOX (self->slots[view]), page);
  return page;
}

static char *
dup_period (const char *from,
            const char *until)
{
  g_autofree char *start = ea_date_format (from);
  g_autofree char *end = until != NULL ? ea_date_format (until) : NULL;

  if (end == NULL)
    return g_strdup_printf (_("since %s"), start);
  return g_strdup_printf ("%s – %s", start, end);
}

static char *
join_values (GPtrArray *values)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      EaCodedValue *value = g_ptr_array_index (values, i);

      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", value->label);
    }
  return g_string_free (out, FALSE);
}

static char *
describe_level (const char *level)
{
  if (g_strcmp0 (level, "M") == 0)
    return g_strdup (_("mother tongue"));
  return g_strdup_printf (_("level %s"), level != NULL ? level : "–");
}

/* Protection needs, languages and qualifications */

static void
needs_saved_cb (EaEditDialog *dialog,
                EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) chosen = ea_edit_dialog_dup_checked (dialog, "needs");
  GStrv codes = g_object_get_data (G_OBJECT (dialog), "ea-codes");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) selected = NULL;

  for (guint i = 0; i < chosen->len; i++)
    g_strv_builder_add (builder, codes[g_array_index (chosen, gint64, i)]);
  selected = g_strv_builder_end (builder);
  if (!ea_person_set_vulnerabilities (self->session, self->person_id,
                                      (const char * const *) selected, &error))
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  reload (self);
}

static EaEditDialog *
open_needs_dialog (EaPersonPage *self)
{
  g_auto(GStrv) codes = NULL;
  g_auto(GStrv) labels = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) checked = g_array_new (FALSE, FALSE, sizeof (gint64));
  EaEditDialog *dialog;

  if (!ea_codes_list (self->session, "vulnerability", &codes, &labels, NULL))
    return NULL;
  for (gint64 i = 0; codes[i] != NULL; i++)
    {
      g_ptr_array_add (names, g_strdup (labels[i]));
      g_array_append_val (ids, i);
      for (guint k = 0; k < self->file->vulnerabilities->len; k++)
        if (g_str_equal (((EaCodedValue *) g_ptr_array_index (self->file->vulnerabilities,
                                                              k))->code, codes[i]))
          g_array_append_val (checked, i);
    }
  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("Protection Needs"));
  ea_edit_dialog_add_checklist (dialog, "needs", _("Protection needs"), _("None"), names, ids,
                                checked);
  g_object_set_data_full (G_OBJECT (dialog), "ea-codes", g_steal_pointer (&codes),
                          (GDestroyNotify) g_strfreev);
  g_signal_connect_object (dialog, "save", G_CALLBACK (needs_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
needs_clicked_cb (EaPersonPage *self)
{
  open_needs_dialog (self);
}

/* Writes the person's languages: those shown, without @skip, plus
 * @add_code at @add_level when given. */
static gboolean
write_languages (EaPersonPage  *self,
                 const char    *skip,
                 const char    *add_code,
                 const char    *add_level,
                 GError       **error)
{
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) levels = g_strv_builder_new ();
  g_auto(GStrv) code_list = NULL;
  g_auto(GStrv) level_list = NULL;

  for (guint i = 0; i < self->file->languages->len; i++)
    {
      EaCodedValue *language = g_ptr_array_index (self->file->languages, i);

      if (g_strcmp0 (language->code, skip) == 0 || g_strcmp0 (language->code, add_code) == 0)
        continue;
      g_strv_builder_add (codes, language->code);
      g_strv_builder_add (levels, language->extra != NULL ? language->extra : "A1");
    }
  if (add_code != NULL)
    {
      g_strv_builder_add (codes, add_code);
      g_strv_builder_add (levels, add_level);
    }
  code_list = g_strv_builder_end (codes);
  level_list = g_strv_builder_end (levels);
  return ea_person_set_languages (self->session, self->person_id,
                                  (const char * const *) code_list,
                                  (const char * const *) level_list, error);
}

static void
language_saved_cb (EaEditDialog *dialog,
                   EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!write_languages (self, NULL, ea_edit_dialog_get_choice (dialog, "language"),
                        ea_edit_dialog_get_choice (dialog, "level"), &error))
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  reload (self);
}

static EaEditDialog *
open_language_dialog (EaPersonPage *self)
{
  static const char *levels[] = { "M", "A1", "A2", "B1", "B2", "C1", "C2", NULL };
  const char *level_labels[] = { _("mother tongue"), "A1", "A2", "B1", "B2", "C1", "C2", NULL };
  g_auto(GStrv) codes = NULL;
  g_auto(GStrv) labels = NULL;
  EaEditDialog *dialog;

  if (!ea_codes_list (self->session, "language", &codes, &labels, NULL))
    return NULL;
  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("Add Language"));
  ea_edit_dialog_add_choice (dialog, "language", _("Language"), (const char **) codes,
                             (const char **) labels, codes[0]);
  ea_edit_dialog_add_choice (dialog, "level", _("Level"), levels, level_labels, "M");
  g_signal_connect_object (dialog, "save", G_CALLBACK (language_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
language_clicked_cb (EaPersonPage *self)
{
  open_language_dialog (self);
}

static void
remove_language_cb (GtkButton    *button,
                    EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!write_languages (self, g_object_get_data (G_OBJECT (button), "ea-code"), NULL, NULL,
                        &error))
    show_toast (self, error->message);
  reload (self);
}

static const char *qualification_codes[] = {
  "schule", "ausbildung", "studium", "berufserfahrung", "sprachkurs", "sonstige", NULL,
};
static const char *qualification_names[] = {
  N_("School"), N_("Vocational training"), N_("University studies"), N_("Work experience"),
  N_("Language course"), N_("Other"), NULL,
};
static const char *recognition_codes[] = {
  "keine", "beantragt", "teilweise", "voll", "abgelehnt", NULL,
};
static const char *recognition_names[] = {
  N_("not applied for"), N_("applied for"), N_("partly recognised"), N_("recognised"),
  N_("refused"), NULL,
};

static void
qualification_saved_cb (EaEditDialog *dialog,
                        EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *document = ea_edit_dialog_get_choice (dialog, "document");

  if (ea_person_add_qualification (self->session, self->person_id,
                                   ea_edit_dialog_get_choice (dialog, "kind"),
                                   ea_edit_dialog_get_text (dialog, "title"),
                                   ea_edit_dialog_get_text (dialog, "country"),
                                   (int) ea_edit_dialog_get_number (dialog, "year"),
                                   ea_edit_dialog_get_choice (dialog, "recognition"),
                                   g_ascii_strtoll (document, NULL, 10), &error) == 0)
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  reload (self);
}

static EaEditDialog *
open_qualification_dialog (EaPersonPage *self)
{
  const char *kinds[G_N_ELEMENTS (qualification_names)];
  const char *recognitions[G_N_ELEMENTS (recognition_names)];
  g_autoptr(GPtrArray) document_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) document_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) documents = ea_documents_list (self->session, self->person_id, NULL);
  EaEditDialog *dialog;

  g_ptr_array_add (document_ids, g_strdup ("0"));
  g_ptr_array_add (document_names, g_strdup (_("None")));
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      EaDocument *document = g_ptr_array_index (documents, i);

      g_ptr_array_add (document_ids, g_strdup_printf ("%lld", (long long) document->id));
      g_ptr_array_add (document_names, g_strdup (document->title));
    }
  g_ptr_array_add (document_ids, NULL);
  g_ptr_array_add (document_names, NULL);

  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("Add Qualification"));
  ea_edit_dialog_add_choice (dialog, "kind", _("Kind"), qualification_codes,
                             translate_labels (qualification_names, kinds), "ausbildung");
  ea_edit_dialog_add_text (dialog, "title", _("Title"), NULL);
  ea_edit_dialog_add_text (dialog, "country", _("Country"), NULL);
  ea_edit_dialog_add_number (dialog, "year", _("Year (0 if unknown)"), 0, 2100, 1, 0, 0);
  ea_edit_dialog_add_choice (dialog, "recognition", _("Recognition in Germany"),
                             recognition_codes,
                             translate_labels (recognition_names, recognitions), "keine");
  ea_edit_dialog_add_choice (dialog, "document", _("Proven by document"),
                             (const char **) document_ids->pdata,
                             (const char **) document_names->pdata, "0");
  g_signal_connect_object (dialog, "save", G_CALLBACK (qualification_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
qualification_clicked_cb (EaPersonPage *self)
{
  open_qualification_dialog (self);
}

static void
remove_qualification_cb (GtkButton    *button,
                         EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "ea-qualification"));

  if (!ea_person_remove_qualification (self->session, id, &error))
    show_toast (self, error->message);
  reload (self);
}

static GtkWidget *
remove_button (const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static GtkWidget *
header_button (const char *label,
               GCallback   callback,
               gpointer    self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", callback, self, G_CONNECT_SWAPPED);
  return button;
}

/* The views */

static void
build_overview (EaPersonPage *self)
{
  EaPersonFile *file = self->file;
  GtkWidget *page = new_view (self, VIEW_OVERVIEW);
  GtkWidget *person = new_group (_("Personal Data"), NULL);
  GtkWidget *keys = new_group (_("Keys"), NULL);
  GtkWidget *stay = new_group (_("Status"), NULL);
  g_autofree char *name = ea_person_file_dup_name (file);
  g_autofree char *born = ea_partial_date_format (file->fields.birth_date);
  g_autofree char *today = ea_clock_today ();
  g_autofree char *age = NULL;
  g_autofree char *nationalities = join_values (file->nationalities);
  g_autofree char *arrived = file->arrived_on ? ea_date_format (file->arrived_on) : NULL;
  g_autofree char *left = file->left_on ? ea_date_format (file->left_on) : NULL;
  int years = ea_partial_date_age (file->fields.birth_date, today);

  if (years >= 0)
    age = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year", "%d years", years), years);
  add_field (person, _("Name"), name, FALSE);
  add_field (person, _("Birth name"), file->fields.birth_name, FALSE);
  add_field (person, _("Date of birth"), born, FALSE);
  add_field (person, _("Age"), age, FALSE);
  add_field (person, _("Place of birth"), file->fields.birth_place, FALSE);
  add_field (person, _("Gender"), file->gender_label, FALSE);
  add_field (person, file->nationalities->len > 1 ? _("Nationalities") : _("Nationality"),
             nationalities, FALSE);
  add_field (person, _("Marital status"), file->marital_label, FALSE);
  if (!file->special_hidden)
    add_field (person, _("Religion"), file->religion_label, TRUE);
  add_field (person, _("Residence status"), file->residence_label, FALSE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (person));

  add_field (stay, _("Status"), file->status_label, FALSE);
  add_field (stay, _("Bed"), file->current_bed, FALSE);
  add_field (stay, _("Arrived"), arrived, FALSE);
  add_field (stay, _("Moved out"), left, FALSE);
  add_field (stay, _("Remark"), file->fields.remark, FALSE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (stay));

  if (!file->special_hidden)
    {
      GtkWidget *needs = new_group (_("Protection Needs"), NULL);

      if (ea_session_can (self->session, EA_RIGHT_EDIT_PERSONS))
        {
          adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (needs),
                                                   header_button (_("_Change…"),
                                                                  G_CALLBACK (needs_clicked_cb),
                                                                  self));
        }
      else
        adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (needs), lock_icon ());
      if (file->vulnerabilities->len == 0)
        add_empty (needs, _("None recorded."));
      for (guint i = 0; i < file->vulnerabilities->len; i++)
        {
          EaCodedValue *need = g_ptr_array_index (file->vulnerabilities, i);

          add_row (needs, need->label, need->extra);
        }
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (needs));
    }

  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, file->id);

    add_field (keys, _("Person no."), number, FALSE);
  }
  add_field (keys, _("Platform id"), file->fields.platform_id, FALSE);
  add_field (keys, _("AZR number"), file->fields.azr_number, FALSE);
  add_field (keys, _("BAMF file number"), file->fields.bamf_file_number, FALSE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (keys));
}

static void
member_activated_cb (AdwActionRow *row,
                     EaPersonPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "ea-person"));

  g_signal_emit (self, signals[SIGNAL_OPEN_PERSON], 0, id);
}

static const char *role_codes[] = {
  "ehegatte", "lebenspartner", "kind", "elternteil", "geschwister", "sonstige", NULL,
};
static const char *role_labels[] = {
  N_("Spouse"), N_("Partner"), N_("Child"), N_("Parent"), N_("Sibling"), N_("Other"), NULL,
};

static void
role_saved_cb (EaEditDialog *dialog,
               EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 member = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "ea-person"));

  if (ea_household_add_member (self->session, self->person_id, member,
                               ea_edit_dialog_get_choice (dialog, "role"), &error) == 0)
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  show_toast (self, _("Added to the household."));
  reload (self);
}

static EaEditDialog *
open_role_dialog (EaPersonPage *self,
                  gint64        member)
{
  const char *labels[G_N_ELEMENTS (role_labels)];
  EaEditDialog *dialog;

  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("Role in the Household"));
  ea_edit_dialog_add_choice (dialog, "role", _("Role"), role_codes,
                             translate_labels (role_labels, labels), "kind");
  g_object_set_data (G_OBJECT (dialog), "ea-person", GSIZE_TO_POINTER (member));
  g_signal_connect_object (dialog, "save", G_CALLBACK (role_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
member_chosen_cb (EaPersonChooser *chooser,
                  gint64           person_id,
                  EaPersonPage    *self)
{
  gtk_window_destroy (GTK_WINDOW (chooser));
  open_role_dialog (self, person_id);
}

static void
add_member_cb (EaPersonPage *self)
{
  EaPersonChooser *chooser = ea_person_chooser_new (self->session, _("Add to the Household"),
                                                    _("_Next"));

  g_signal_connect_object (chooser, "chosen", G_CALLBACK (member_chosen_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (chooser),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
remove_member_cb (GtkButton    *button,
                  EaPersonPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "ea-person"));
  g_autoptr(GError) error = NULL;

  if (!ea_household_remove_member (self->session, id, &error))
    show_toast (self, error->message);
  else
    show_toast (self, _("Taken out of the household."));
  reload (self);
}

static void
split_saved_cb (EaEditDialog *dialog,
                EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) chosen = ea_edit_dialog_dup_checked (dialog, "members");

  if (ea_household_split (self->session, (const gint64 *) chosen->data, chosen->len,
                          &error) == 0)
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  show_toast (self, _("The household was split."));
  reload (self);
}

static EaEditDialog *
open_split_dialog (EaPersonPage *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) checked = g_array_new (FALSE, FALSE, sizeof (gint64));
  EaEditDialog *dialog;

  for (guint i = 0; i < self->file->household->len; i++)
    {
      EaHouseholdMember *member = g_ptr_array_index (self->file->household, i);

      g_ptr_array_add (names, g_strdup_printf ("%s (%s)", member->name, member->role));
      g_array_append_val (ids, member->person_id);
    }
  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("Split the Household"));
  ea_edit_dialog_add_checklist (dialog, "members", _("New household of"), _("Nobody chosen"),
                                names, ids, checked);
  g_signal_connect_object (dialog, "save", G_CALLBACK (split_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
split_clicked_cb (EaPersonPage *self)
{
  open_split_dialog (self);
}

/* Bett finden: for the person, or the members of the household who have
 * no bed yet. */

static gboolean
may_find_bed (EaPersonPage *self)
{
  return ea_session_can (self->session, EA_RIGHT_EDIT_STAYS) && self->file != NULL &&
         self->file->current_bed == NULL && g_strcmp0 (self->file->status, "left") != 0;
}

static void
bed_placed_cb (EaFindBedDialog *dialog,
               const char      *message,
               EaPersonPage    *self)
{
  show_toast (self, message);
  reload (self);
}

static EaFindBedDialog *
find_bed (EaPersonPage *self,
          gboolean      household)
{
  g_autofree char *name = ea_person_file_dup_name (self->file);
  EaFindBedDialog *dialog;

  dialog = ea_find_bed_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   self->session, self->person_id, name, household);
  g_signal_connect_object (dialog, "placed", G_CALLBACK (bed_placed_cb), self, 0);
  return dialog;
}

static void
find_bed_clicked_cb (EaPersonPage *self)
{
  find_bed (self, FALSE);
}

static void
find_household_bed_clicked_cb (EaPersonPage *self)
{
  find_bed (self, TRUE);
}

static void
build_family (EaPersonPage *self)
{
  GtkWidget *page = new_view (self, VIEW_FAMILY);
  GtkWidget *group = new_group (_("Household"), _("The persons who are kept together."));
  gboolean may_edit = ea_session_can (self->session, EA_RIGHT_EDIT_PERSONS);

  if (may_edit)
    {
      GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *split = header_button (_("_Split…"), G_CALLBACK (split_clicked_cb), self);

      gtk_widget_set_tooltip_text (split, _("Some members form a household of their own"));
      gtk_widget_set_visible (split, self->file->household->len >= 3);
      gtk_box_append (GTK_BOX (buttons), split);
      gtk_box_append (GTK_BOX (buttons),
                      header_button (_("_Add Member…"), G_CALLBACK (add_member_cb), self));
      gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), buttons);
    }
  if (self->file->household->len == 0)
    add_empty (group, _("This person does not belong to a household."));
  for (guint i = 0; i < self->file->household->len; i++)
    {
      EaHouseholdMember *member = g_ptr_array_index (self->file->household, i);
      g_autofree char *born = ea_partial_date_format (member->birth_date);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", member->role, born);
      GtkWidget *row = add_row (group, member->name, subtitle);

      if (may_edit)
        {
          GtkWidget *remove = remove_button (_("Take Out of the Household"));

          g_object_set_data (G_OBJECT (remove), "ea-person", GSIZE_TO_POINTER (member->person_id));
          g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_member_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      if (member->person_id == self->file->id)
        {
          GtkWidget *here = gtk_label_new (_("this person"));

          gtk_widget_add_css_class (here, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), here);
          continue;
        }
      g_object_set_data (G_OBJECT (row), "ea-person", GSIZE_TO_POINTER (member->person_id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (member_activated_cb), self, 0);
    }
  /* Beds for all of them: a row below the members, not a third button
   * beside the heading (three squeezed the heading to "…" and its
   * description to a letter a line). */
  if (may_find_bed (self) && self->file->household->len > 1)
    {
      GtkWidget *together = add_row (group, _("Find Beds for the Household…"), NULL);

      adw_action_row_add_prefix (ADW_ACTION_ROW (together),
                                 gtk_image_new_from_icon_name ("find-location-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (together),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (together), TRUE);
      g_signal_connect_object (together, "activated", G_CALLBACK (find_household_bed_clicked_cb),
                               self, G_CONNECT_SWAPPED);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
}

/* Konfliktvermerke */

static void
keep_apart_saved_cb (EaEditDialog *dialog,
                     EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 other = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "ea-person"));
  guint added = ea_keep_apart_add (self->session, self->person_id, other,
                                   ea_edit_dialog_get_switch (dialog, "households"),
                                   ea_edit_dialog_get_text (dialog, "reason"), &error);
  g_autofree char *text = NULL;

  if (added == 0)
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Keep-apart note saved.",
                                       "Keep-apart notes saved for %u pairs of persons.", added),
                          added);
  gtk_window_destroy (GTK_WINDOW (dialog));
  show_toast (self, text);
  reload (self);
}

static EaEditDialog *
open_keep_apart_dialog (EaPersonPage *self,
                        gint64        other_id,
                        const char   *other_name)
{
  g_autofree char *title = g_strdup_printf (_("Keep Apart from %s"), other_name);
  EaEditDialog *dialog;

  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), title);
  ea_edit_dialog_add_text (dialog, "reason", _("Reason (for colleagues, optional)"), NULL);
  ea_edit_dialog_add_switch (dialog, "households",
                             _("Keep both households apart, every member"), FALSE);
  g_object_set_data (G_OBJECT (dialog), "ea-person", GSIZE_TO_POINTER (other_id));
  g_signal_connect_object (dialog, "save", G_CALLBACK (keep_apart_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
keep_apart_chosen_cb (EaPersonChooser *chooser,
                      gint64           person_id,
                      EaPersonPage    *self)
{
  g_autoptr(EaPerson) other = ea_person_chooser_dup_selected (chooser);
  g_autofree char *name = NULL;

  if (other == NULL)
    return;
  if (ea_person_get_id (other) == self->person_id)
    {
      ea_person_chooser_show_error (chooser, _("A person cannot be kept apart from themselves."));
      return;
    }
  name = ea_person_dup_display_name (other);
  gtk_window_destroy (GTK_WINDOW (chooser));
  open_keep_apart_dialog (self, ea_person_get_id (other), name);
}

/* The chooser's "chosen" gives the person's number: a handler without
 * it took the number for its page and crashed (issue "The window"). */
EaPersonChooser *
_ea_person_page_choose_keep_apart (EaPersonPage *self)
{
  EaPersonChooser *chooser = ea_person_chooser_new (self->session,
                                                    _("Keep Apart From Whom?"), _("_Next"));

  g_signal_connect_object (chooser, "chosen", G_CALLBACK (keep_apart_chosen_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (chooser),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (chooser));
  return chooser;
}

static void
add_keep_apart_cb (EaPersonPage *self)
{
  _ea_person_page_choose_keep_apart (self);
}

static void
remove_keep_apart_cb (GtkButton    *button,
                      EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "ea-note"));

  if (!ea_keep_apart_remove (self->session, id, &error))
    {
      show_toast (self, error->message);
      return;
    }
  show_toast (self, _("Keep-apart note removed."));
  reload (self);
}

static void
build_housing (EaPersonPage *self)
{
  GtkWidget *page = new_view (self, VIEW_HOUSING);
  GtkWidget *group = new_group (_("Stays"), _("Every bed the person had, the latest first."));
  GtkWidget *apart = new_group (_("Keep-Apart Notes"),
                                _("Persons who must not share a room with this person. Finding "
                                  "beds and checking in keep to it."));
  gboolean may_edit = ea_session_can (self->session, EA_RIGHT_EDIT_PERSONS);
  g_autoptr(GPtrArray) notes = ea_keep_apart_list (self->session, self->person_id, NULL);

  if (may_find_bed (self))
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                             header_button (_("_Find a Bed…"),
                                                            G_CALLBACK (find_bed_clicked_cb),
                                                            self));
  if (self->file->stays->len == 0)
    add_empty (group, _("The person has not had a bed yet."));
  for (guint i = 0; i < self->file->stays->len; i++)
    {
      EaStayRecord *stay = g_ptr_array_index (self->file->stays, i);
      g_autofree char *where = g_strdup_printf (_("%s, room %s, bed %s"), stay->facility,
                                                stay->room, stay->bed);
      g_autofree char *period = dup_period (stay->from, stay->until);

      add_row (group, where, period);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  if (may_edit)
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (apart),
                                             header_button (_("_Add Note…"),
                                                            G_CALLBACK (add_keep_apart_cb),
                                                            self));
  if (notes == NULL || notes->len == 0)
    add_empty (apart, _("None recorded."));
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      EaKeepApart *note = g_ptr_array_index (notes, i);
      g_autofree char *since = ea_date_format (note->created_on);
      g_autofree char *subtitle = note->reason != NULL
        ? g_strdup_printf (_("%s · noted on %s by %s"), note->reason, since, note->created_by)
        : g_strdup_printf (_("noted on %s by %s"), since, note->created_by);
      GtkWidget *row = add_row (apart, note->other_name, subtitle);

      if (may_edit)
        {
          GtkWidget *remove = remove_button (_("Remove the Note"));

          g_object_set_data (G_OBJECT (remove), "ea-note", GSIZE_TO_POINTER (note->id));
          g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_keep_apart_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (apart));
}

static void
build_skills (EaPersonPage *self)
{
  GtkWidget *page = new_view (self, VIEW_SKILLS);
  GtkWidget *languages = new_group (_("Languages"), NULL);
  GtkWidget *qualifications = new_group (_("Schooling and Qualifications"), NULL);
  gboolean edit_languages = ea_session_can (self->session, EA_RIGHT_EDIT_PERSONS);
  gboolean edit_qualifications = ea_session_can (self->session, EA_RIGHT_EDIT_DOCUMENTS);

  if (edit_languages)
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (languages),
                                             header_button (_("_Add Language…"),
                                                            G_CALLBACK (language_clicked_cb),
                                                            self));
  if (edit_qualifications)
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (qualifications),
                                             header_button (_("Add _Qualification…"),
                                                            G_CALLBACK (qualification_clicked_cb),
                                                            self));
  if (self->file->languages->len == 0)
    add_empty (languages, _("None recorded."));
  for (guint i = 0; i < self->file->languages->len; i++)
    {
      EaCodedValue *language = g_ptr_array_index (self->file->languages, i);
      g_autofree char *level = describe_level (language->extra);
      GtkWidget *row = add_row (languages, language->label, level);

      if (edit_languages)
        {
          GtkWidget *remove = remove_button (_("Remove"));

          g_object_set_data_full (G_OBJECT (remove), "ea-code", g_strdup (language->code),
                                  g_free);
          g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_language_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
    }
  if (self->file->qualifications->len == 0)
    add_empty (qualifications, _("None recorded."));
  for (guint i = 0; i < self->file->qualifications->len; i++)
    {
      EaQualification *q = g_ptr_array_index (self->file->qualifications, i);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (q->year > 0)
        subtitle = g_strdup_printf ("%s · %s%s%d · %s", q->kind, q->country ? q->country : "",
                                    q->country ? ", " : "", q->year, q->recognition);
      else
        subtitle = g_strdup_printf ("%s · %s", q->kind, q->recognition);
      row = add_row (qualifications, q->title, subtitle);
      if (edit_qualifications)
        {
          GtkWidget *remove = remove_button (_("Remove"));

          g_object_set_data (G_OBJECT (remove), "ea-qualification", GSIZE_TO_POINTER (q->id));
          g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_qualification_cb),
                                   self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (languages));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (qualifications));
}

/* Case notes */

static const char *note_categories[] = {
  "beratung", "gesundheit", "schule-kita", "arbeit-ausbildung", "behoerden", "konflikt",
  "sonstiges", NULL,
};
static const char *note_labels[] = {
  N_("Counselling"), N_("Health"), N_("School and day care"), N_("Work and training"),
  N_("Authorities"), N_("Conflict"), N_("Other"), NULL,
};

static void
note_saved_cb (EaEditDialog *dialog,
               EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 note_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "ea-note"));
  const char *date = ea_edit_dialog_get_text (dialog, "date");
  const char *category = ea_edit_dialog_get_choice (dialog, "category");
  const char *body = ea_edit_dialog_get_text (dialog, "body");
  gboolean ok;

  if (note_id != 0)
    ok = ea_case_note_edit (self->session, note_id, date, category, body, &error);
  else
    {
      gboolean household = g_strcmp0 (ea_edit_dialog_get_choice (dialog, "about"),
                                       "household") == 0;

      ok = ea_case_note_add (self->session, household ? 0 : self->person_id,
                             household ? self->file->household_id : 0, date, category, body,
                             ea_edit_dialog_get_switch (dialog, "confidential"), &error) != 0;
    }
  if (!ok)
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  show_toast (self, note_id != 0 ? _("Note revised; the earlier version is kept.")
                                 : _("Note saved."));
  reload (self);
}

static EaEditDialog *
open_note_dialog (EaPersonPage *self,
                  EaCaseNote   *note)
{
  EaEditDialog *dialog;
  g_autofree char *today = ea_clock_today ();
  g_autofree char *date = ea_date_format (note != NULL ? note->date : today);
  g_autofree char *title = NULL;
  const char *labels[G_N_ELEMENTS (note_labels)];

  title = note != NULL ? g_strdup (_("Revise Note")) : g_strdup (_("New Note"));
  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), title);
  ea_edit_dialog_add_text (dialog, "date", _("Date (DD.MM.YYYY)"), date);
  ea_edit_dialog_add_choice (dialog, "category", _("Category"), note_categories,
                             translate_labels (note_labels, labels),
                             note != NULL ? note->category : "beratung");
  if (note == NULL && self->file->household->len > 1)
    {
      static const char *about[] = { "person", "household", NULL };
      const char *about_labels[] = { _("This person"), _("The whole household"), NULL };

      ea_edit_dialog_add_choice (dialog, "about", _("About"), about, about_labels, "person");
    }
  if (note == NULL)
    ea_edit_dialog_add_switch (dialog, "confidential",
                               _("Confidential (readable by you only)"), FALSE);
  ea_edit_dialog_add_long_text (dialog, "body", _("Text"), note != NULL ? note->body : NULL);
  g_object_set_data (G_OBJECT (dialog), "ea-note", GSIZE_TO_POINTER (note ? note->id : 0));
  g_signal_connect_object (dialog, "save", G_CALLBACK (note_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
note_activated_cb (AdwActionRow *row,
                   EaPersonPage *self)
{
  EaCaseNote *note = g_object_get_data (G_OBJECT (row), "ea-note");

  if (note != NULL && !note->hidden && ea_session_can (self->session, EA_RIGHT_EDIT_CASE_NOTES))
    open_note_dialog (self, note);
}

static void
show_revisions_cb (GtkButton    *button,
                   EaPersonPage *self)
{
  EaCaseNote *note = g_object_get_data (G_OBJECT (button), "ea-note");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = ea_case_note_revisions (self->session, note->id, &error);
  GtkWidget *window, *box, *header, *page, *group;

  if (revisions == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  window = adw_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 560);
  gtk_window_set_title (GTK_WINDOW (window), _("Versions of the Note"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  page = adw_preferences_page_new ();
  group = new_group (_("Versions of the Note"), _("Every version stays, the latest first."));
  for (guint i = 0; i < revisions->len; i++)
    {
      EaCaseNote *revision = g_ptr_array_index (revisions, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (revision->written_at, NULL);
      g_autoptr(GDateTime) local = at != NULL ? ea_clock_to_office (at) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, "%d.%m.%Y %H:%M")
                                            : g_strdup (revision->written_at);
      g_autofree char *title = g_strdup_printf (_("Version %u · %s · %s"), revision->revision,
                                                when, revision->editor ? revision->editor : "");
      GtkWidget *row = add_row (group, title, revision->body != NULL ? revision->body
                                                                      : _("Confidential"));

      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
note_clicked_cb (EaPersonPage *self)
{
  open_note_dialog (self, NULL);
}

static void
build_notes (EaPersonPage *self)
{
  GtkWidget *page = new_view (self, VIEW_NOTES);
  GtkWidget *group = new_group (_("Case Notes"),
                                _("Notes about the person and their household. Changing a "
                                  "note keeps every earlier version."));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;

  if (ea_session_can (self->session, EA_RIGHT_EDIT_CASE_NOTES))
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                             header_button (_("_Write Note…"),
                                                            G_CALLBACK (note_clicked_cb), self));
  notes = ea_case_notes_list (self->session, self->person_id, &error);
  self->n_notes = notes != NULL ? notes->len : 0;
  if (notes == NULL)
    add_empty (group, error->message);
  else if (notes->len == 0)
    add_empty (group, _("No notes yet."));
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      EaCaseNote *note = g_ptr_array_steal_index (notes, i--);
      g_autofree char *date = ea_date_format (note->date);
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (note->hidden)
        title = g_strdup_printf (_("Confidential note · %s · %s"), date, note->author);
      else if (note->household_id != 0)
        title = g_strdup_printf (_("%s · %s · %s · household"), note->category_label, date,
                                 note->author);
      else
        title = g_strdup_printf ("%s · %s · %s", note->category_label, date, note->author);
      /* The note's text reads in body size as the row's title, what it
       * is and who wrote it when below; a hidden one says only that. */
      if (note->hidden)
        row = add_row (group, title, _("Readable by its author only."));
      else
        {
          row = add_row (group, note->body, title);
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
        }
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      g_object_set_data_full (G_OBJECT (row), "ea-note", note,
                              (GDestroyNotify) ea_case_note_free);
      if (note->confidential)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), lock_icon ());
      if (note->revision > 1 && !note->hidden)
        {
          GtkWidget *history = gtk_button_new_from_icon_name ("document-open-recent-symbolic");
          g_autofree char *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "%u version",
                                                                   "%u versions",
                                                                   note->revision),
                                                      note->revision);

          gtk_widget_set_tooltip_text (history, tooltip);
          gtk_widget_add_css_class (history, "flat");
          gtk_widget_set_valign (history, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (history), "ea-note", note);
          g_signal_connect_object (history, "clicked", G_CALLBACK (show_revisions_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), history);
        }
      if (!note->hidden && ea_session_can (self->session, EA_RIGHT_EDIT_CASE_NOTES))
        {
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          g_signal_connect_object (row, "activated", G_CALLBACK (note_activated_cb), self, 0);
        }
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
}

/* Documents */

static const char *document_categories[] = {
  "ausweis", "aufenthaltsdokument", "zeugnis", "berufsnachweis", "bescheid", "gesundheit",
  "sonstiges", NULL,
};
static const char *document_labels[] = {
  N_("Identity document"), N_("Residence document"), N_("Certificate"),
  N_("Professional qualification"), N_("Official notice"), N_("Health"), N_("Other"), NULL,
};

static void
text_found_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  EaPersonPage *self = EA_PERSON_PAGE (source);

  self->n_busy--;
  g_task_propagate_boolean (G_TASK (result), NULL);
  if (self->file != NULL)
    reload (self);
}

static void
text_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EaSession *copy = task_data;
  g_autoptr(GError) error = NULL;

  /* Whatever it finds, the document's text state tells; a failed scan
   * does not need a message here. */
  ea_documents_extract_pending (copy, &error);
  g_task_return_boolean (task, TRUE);
}

/* The text of new documents is found in the background: OCR of a scan
 * takes seconds. */
static void
find_text_later (EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  EaSession *copy = ea_session_open_copy (self->session, &error);

  if (copy == NULL)
    return;
  task = g_task_new (self, NULL, text_found_cb, NULL);
  g_task_set_task_data (task, copy, g_object_unref);
  self->n_busy++;
  g_task_run_in_thread (task, text_thread);
}

static void
document_saved_cb (EaEditDialog *dialog,
                   EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *path = g_object_get_data (G_OBJECT (dialog), "ea-path");
  gint64 id;

  id = ea_document_add (self->session, self->person_id, path,
                        ea_edit_dialog_get_choice (dialog, "category"),
                        ea_edit_dialog_get_text (dialog, "title"),
                        ea_edit_dialog_get_text (dialog, "issued"),
                        ea_edit_dialog_get_text (dialog, "expires"), &error);
  if (id == 0)
    {
      ea_edit_dialog_show_error (dialog, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  show_toast (self, _("Document added; its text is read in the background."));
  reload (self);
  find_text_later (self);
}

static EaEditDialog *
open_document_dialog (EaPersonPage *self,
                      const char   *path)
{
  EaEditDialog *dialog;
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');
  const char *labels[G_N_ELEMENTS (document_labels)];

  if (dot != NULL && dot != base)
    *dot = '\0';

  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("Add Document"));
  ea_edit_dialog_add_text (dialog, "title", _("Title"), base);
  ea_edit_dialog_add_choice (dialog, "category", _("Category"), document_categories,
                             translate_labels (document_labels, labels), "sonstiges");
  ea_edit_dialog_add_text (dialog, "issued", _("Issued on (DD.MM.YYYY, optional)"), NULL);
  ea_edit_dialog_add_text (dialog, "expires", _("Valid until (DD.MM.YYYY, optional)"), NULL);
  g_object_set_data_full (G_OBJECT (dialog), "ea-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "save", G_CALLBACK (document_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
choose_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    EaPersonPage    *self)
{
  g_autofree char *path = ea_file_dialog_dup_path (dialog, response, GTK_WIDGET (self));
  gint64 export_id = self->export_document_id;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->file_dialog);
  self->export_document_id = 0;
  if (path == NULL)
    return;
  if (export_id < 0)
    {
      if (!_ea_person_page_export_file (self, path, &error))
        show_toast (self, error->message);
      return;
    }
  if (export_id > 0)
    {
      if (!ea_document_export (self->session, export_id, path, &error))
        show_toast (self, error->message);
      else
        show_toast (self, _("Document exported."));
      return;
    }
  open_document_dialog (self, path);
}

static void
run_file_dialog (EaPersonPage         *self,
                 GtkFileChooserAction  action,
                 const char           *title,
                 const char           *accept,
                 const char           *name)
{
  g_autoptr(GtkFileFilter) filter = NULL;

  if (self->file_dialog != NULL)
    return;
  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("PDF files and images"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      gtk_file_filter_add_mime_type (filter, "image/jpeg");
      gtk_file_filter_add_mime_type (filter, "image/png");
      gtk_file_filter_add_mime_type (filter, "image/tiff");
    }
  self->file_dialog = ea_file_dialog_show (GTK_WIDGET (self), action, title, accept, filter,
                                                  name, G_CALLBACK (choose_response_cb));
}

static void
document_clicked_cb (EaPersonPage *self)
{
  self->export_document_id = 0;
  run_file_dialog (self, GTK_FILE_CHOOSER_ACTION_OPEN, _("Add Document"), _("_Add"), NULL);
}

static void
open_document_cb (GtkButton    *button,
                  EaPersonPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "ea-document"));
  g_autoptr(GError) error = NULL;

  if (ea_document_viewer_open (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               self->session, id, &error) == NULL)
    show_toast (self, error->message);
}

static void
export_document_cb (GtkButton    *button,
                    EaPersonPage *self)
{
  EaDocument *document = g_object_get_data (G_OBJECT (button), "ea-document-info");

  self->export_document_id = document->id;
  run_file_dialog (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Document"), _("_Export"),
                   document->filename);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         EaPersonPage  *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autofree char *path = NULL;

  if (files == NULL || !ea_session_can (self->session, EA_RIGHT_EDIT_DOCUMENTS))
    return FALSE;
  path = g_file_get_path (files->data);
  if (path == NULL)
    return FALSE;
  /* One file at a time: each needs its title and category. */
  open_document_dialog (self, path);
  return TRUE;
}

static char *
describe_document (EaDocument *document)
{
  GString *out = g_string_new (document->category_label);

  if (document->issued_on != NULL)
    {
      g_autofree char *date = ea_date_format (document->issued_on);

      g_string_append_printf (out, " · %s", date);
    }
  if (document->expires_on != NULL)
    {
      g_autofree char *date = ea_date_format (document->expires_on);
      g_autofree char *valid = g_strdup_printf (_("valid until %s"), date);

      g_string_append_printf (out, " · %s", valid);
    }
  if (document->page_count > 0)
    {
      g_autofree char *pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d page",
                                                             "%d pages", document->page_count),
                                                document->page_count);

      g_string_append_printf (out, " · %s", pages);
    }
  if (g_strcmp0 (document->text_state, "pending") == 0)
    g_string_append_printf (out, " · %s", _("text is being read"));
  else if (g_strcmp0 (document->text_state, "failed") == 0)
    g_string_append_printf (out, " · %s", _("text not recognised"));
  return g_string_free (out, FALSE);
}

static void
build_documents (EaPersonPage *self)
{
  GtkWidget *page = new_view (self, VIEW_DOCUMENTS);
  gboolean may_add = ea_session_can (self->session, EA_RIGHT_EDIT_DOCUMENTS);
  GtkWidget *group = new_group (_("Documents"),
                                may_add ? _("PDF files and scans (JPEG, PNG, TIFF). Drop files "
                                            "here or choose them; each file is stored once, "
                                            "and its text is found by the search.")
                                        : NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = ea_documents_list (self->session, self->person_id, &error);

  if (may_add)
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                             header_button (_("_Add Document…"),
                                                            G_CALLBACK (document_clicked_cb),
                                                            self));
  self->n_documents = documents != NULL ? documents->len : 0;
  if (documents == NULL)
    add_empty (group, error->message);
  else if (documents->len == 0)
    add_empty (group, _("No documents yet."));
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      EaDocument *document = g_ptr_array_steal_index (documents, i--);
      g_autofree char *subtitle = describe_document (document);
      GtkWidget *row = add_row (group, document->title, subtitle);
      GtkWidget *open = gtk_button_new_from_icon_name ("document-open-symbolic");
      GtkWidget *save = gtk_button_new_from_icon_name ("document-save-as-symbolic");

      gtk_widget_set_tooltip_text (open, _("Open"));
      gtk_widget_set_tooltip_text (save, _("Export…"));
      for (GtkWidget *b = open; b != NULL; b = b == open ? save : NULL)
        {
          gtk_widget_add_css_class (b, "flat");
          gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), b);
        }
      g_object_set_data (G_OBJECT (open), "ea-document", GSIZE_TO_POINTER (document->id));
      g_object_set_data_full (G_OBJECT (save), "ea-document-info", document,
                              (GDestroyNotify) ea_document_free);
      g_signal_connect_object (open, "clicked", G_CALLBACK (open_document_cb), self, 0);
      g_signal_connect_object (save, "clicked", G_CALLBACK (export_document_cb), self, 0);
      if (g_strcmp0 (document->category, "gesundheit") == 0)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), lock_icon ());
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  if (may_add)
    {
      GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

      g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
      gtk_widget_add_controller (page, GTK_EVENT_CONTROLLER (target));
    }
}

/* Editing the personal data */

static void
person_saved_cb (EaEditDialog *dialog,
                 EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;
  EaPersonFields fields = { 0 };
  const char *nationality = ea_edit_dialog_get_choice (dialog, "nationality");
  guint n = 0;

  fields.family_name = g_strdup (ea_edit_dialog_get_text (dialog, "family"));
  fields.given_names = g_strdup (ea_edit_dialog_get_text (dialog, "given"));
  fields.birth_name = g_strdup (ea_edit_dialog_get_text (dialog, "birth-name"));
  fields.birth_date = g_strdup (ea_edit_dialog_get_text (dialog, "birth"));
  fields.birth_place = g_strdup (ea_edit_dialog_get_text (dialog, "birth-place"));
  fields.gender = g_strdup (ea_edit_dialog_get_choice (dialog, "gender"));
  fields.marital_status = g_strdup (ea_edit_dialog_get_choice (dialog, "marital"));
  /* Whoever may not see religion leaves it as it is: the core keeps it. */
  fields.religion = g_strdup (self->file->special_hidden
                              ? NULL : ea_edit_dialog_get_choice (dialog, "religion"));
  fields.residence_status = g_strdup (ea_edit_dialog_get_choice (dialog, "residence"));
  fields.platform_id = g_strdup (ea_edit_dialog_get_text (dialog, "platform"));
  fields.azr_number = g_strdup (ea_edit_dialog_get_text (dialog, "azr"));
  fields.bamf_file_number = g_strdup (ea_edit_dialog_get_text (dialog, "bamf"));
  fields.remark = g_strdup (ea_edit_dialog_get_text (dialog, "remark"));
  /* The first nationality is chosen here; further ones stay as they are. */
  if (nationality != NULL && nationality[0] != '\0')
    fields.nationalities[n++] = g_strdup (nationality);
  for (guint i = 1; i < self->file->nationalities->len && n < EA_MAX_NATIONALITIES; i++)
    {
      EaCodedValue *other = g_ptr_array_index (self->file->nationalities, i);

      if (g_strcmp0 (other->code, nationality) != 0)
        fields.nationalities[n++] = g_strdup (other->code);
    }

  if (!ea_person_update (self->session, self->person_id, &fields, &error))
    ea_edit_dialog_show_error (dialog, error->message);
  else
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      show_toast (self, _("Personal data saved."));
      reload (self);
    }
  ea_person_fields_clear (&fields);
}

static EaEditDialog *
open_edit_dialog (EaPersonPage *self)
{
  static const char *genders[] = { "m", "w", "d", "x", NULL };
  const char *gender_labels[] = { _("male"), _("female"), _("diverse"), _("not stated"), NULL };
  EaPersonFields *f = &self->file->fields;
  g_autofree char *born = ea_partial_date_format (f->birth_date);
  const char *first = self->file->nationalities->len > 0
                      ? ((EaCodedValue *) g_ptr_array_index (self->file->nationalities, 0))->code
                      : "";
  EaEditDialog *dialog;

  dialog = ea_edit_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                               _("Personal Data"));
  ea_edit_dialog_add_text (dialog, "family", _("Family name"), f->family_name);
  ea_edit_dialog_add_text (dialog, "given", _("Given names"), f->given_names);
  ea_edit_dialog_add_text (dialog, "birth-name", _("Birth name"), f->birth_name);
  ea_edit_dialog_add_text (dialog, "birth", _("Date of birth (00 for unknown)"), born);
  ea_edit_dialog_add_text (dialog, "birth-place", _("Place of birth"), f->birth_place);
  ea_edit_dialog_add_choice (dialog, "gender", _("Gender"), genders, gender_labels, f->gender);
  ea_edit_dialog_add_code_choice (dialog, self->session, "nationality", _("Nationality"),
                                  "nationality", first);
  ea_edit_dialog_add_code_choice (dialog, self->session, "marital", _("Marital status"),
                                  "marital_status", f->marital_status);
  if (!self->file->special_hidden)
    ea_edit_dialog_add_code_choice (dialog, self->session, "religion", _("Religion"), "religion",
                                    f->religion);
  ea_edit_dialog_add_code_choice (dialog, self->session, "residence", _("Residence status"),
                                  "residence_status", f->residence_status);
  ea_edit_dialog_add_text (dialog, "azr", _("AZR number (12 digits)"), f->azr_number);
  ea_edit_dialog_add_text (dialog, "platform", _("Platform id"), f->platform_id);
  ea_edit_dialog_add_text (dialog, "bamf", _("BAMF file number"), f->bamf_file_number);
  ea_edit_dialog_add_long_text (dialog, "remark", _("Remark"), f->remark);
  g_signal_connect_object (dialog, "save", G_CALLBACK (person_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* The page */

static void
reload (EaPersonPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!ea_person_page_show (self, self->person_id, &error))
    show_toast (self, error->message);
}

static void
update_header (EaPersonPage *self)
{
  EaPersonFile *file = self->file;
  g_autofree char *name = ea_person_file_dup_name (file);
  g_autofree char *today = ea_clock_today ();
  g_autoptr(GString) subtitle = g_string_new (NULL);
  int years = ea_partial_date_age (file->fields.birth_date, today);

  if (years >= 0)
    g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%d year", "%d years",
                                                   years), years);
  if (file->nationalities->len > 0)
    g_string_append_printf (subtitle, " · %s",
                            ((EaCodedValue *) g_ptr_array_index (file->nationalities,
                                                                 0))->label);
  g_string_append_printf (subtitle, " · %s", file->status_label);
  if (file->current_bed != NULL)
    g_string_append_printf (subtitle, " · %s", file->current_bed);
  adw_window_title_set_title (self->title, name);
  adw_window_title_set_subtitle (self->title, subtitle->str);
  gtk_widget_set_visible (self->bed_button, may_find_bed (self));
}

/**
 * ea_person_page_show:
 * @self: the page
 * @person_id: the person
 * @error: a #GError
 *
 * Opens the person's file (the opening is logged) and shows it.
 *
 * Returns: %FALSE when the file may not or cannot be read
 */
gboolean
ea_person_page_show (EaPersonPage  *self,
                     gint64         person_id,
                     GError       **error)
{
  EaPersonFile *file;

  g_return_val_if_fail (EA_IS_PERSON_PAGE (self), FALSE);

  self->stale = FALSE;
  file = ea_person_file_load (self->session, person_id, error);
  if (file == NULL)
    return FALSE;
  g_clear_pointer (&self->file, ea_person_file_free);
  self->file = file;
  self->person_id = person_id;
  update_header (self);
  build_overview (self);
  build_family (self);
  build_housing (self);
  build_skills (self);
  if (ea_session_can (self->session, EA_RIGHT_VIEW_CASE_NOTES))
    build_notes (self);
  if (ea_session_can (self->session, EA_RIGHT_VIEW_DOCUMENTS))
    build_documents (self);
  return TRUE;
}

gint64
ea_person_page_get_person_id (EaPersonPage *self)
{
  return self->person_id;
}

static void
back_clicked_cb (EaPersonPage *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

static gboolean
back_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  back_clicked_cb (user_data);
  return TRUE;
}

/**
 * _ea_person_page_export_file:
 * @self: the page
 * @path: the new JSON file
 * @error: a #GError
 *
 * The subject-access export of the person shown (administrators).
 */
gboolean
_ea_person_page_export_file (EaPersonPage  *self,
                             const char    *path,
                             GError       **error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = NULL;

  if (!ea_person_export (self->session, self->person_id, path, error))
    return FALSE;
  text = g_strdup_printf (_("Everything stored about the person saved to “%s”."), base);
  show_toast (self, text);
  return TRUE;
}

static void
export_person_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  EaPersonPage *self = user_data;
  /* Translators: the suggested file name of a subject-access export. */
  g_autofree char *name = g_strdup_printf (_("subject-access-%lld.json"),
                                           (long long) self->person_id);

  self->export_document_id = -1;
  run_file_dialog (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Subject Access"), _("_Export"),
                   name);
}

static void
edit_person_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  open_edit_dialog (user_data);
}

static void
ea_person_page_dispose (GObject *object)
{
  EaPersonPage *self = EA_PERSON_PAGE (object);

  if (self->file_dialog != NULL)
    gtk_native_dialog_destroy (self->file_dialog);
  g_clear_object (&self->file_dialog);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (ea_person_page_parent_class)->dispose (object);
}

static void
ea_person_page_finalize (GObject *object)
{
  EaPersonPage *self = EA_PERSON_PAGE (object);

  g_clear_pointer (&self->file, ea_person_file_free);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (ea_person_page_parent_class)->finalize (object);
}

/* A file that another seat changed while it was out of view. */
static void
ea_person_page_map (GtkWidget *widget)
{
  EaPersonPage *self = EA_PERSON_PAGE (widget);

  GTK_WIDGET_CLASS (ea_person_page_parent_class)->map (widget);

  if (self->stale && self->person_id != 0)
    reload (self);
}

static void
ea_person_page_class_init (EaPersonPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ea_person_page_dispose;
  object_class->finalize = ea_person_page_finalize;
  widget_class->map = ea_person_page_map;

  /**
   * EaPersonPage::back:
   *
   * The user wants the persons list again.
   */
  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * EaPersonPage::open-person:
   * @id: another person, a member of the household
   */
  signals[SIGNAL_OPEN_PERSON] = g_signal_new ("open-person", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ea_person_page_init (EaPersonPage *self)
{
}

static void
build (EaPersonPage *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *bar = adw_view_switcher_bar_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  static const GActionEntry entries[] = {
    { "edit", edit_person_cb, NULL, NULL, NULL, { 0 } },
    { "export", export_person_cb, NULL, NULL, NULL, { 0 } },
  };

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_tooltip_text (back, _("Back to the Persons"));
  g_signal_connect_object (back, "clicked", G_CALLBACK (back_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);

  self->stack = ADW_VIEW_STACK (adw_view_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  for (guint i = 0; i < N_VIEWS; i++)
    {
      self->slots[i] = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      self->pages[i] = adw_view_stack_add_titled (self->stack, self->slots[i], views[i].name,
                                                  _(views[i].title));
      adw_view_stack_page_set_icon_name (self->pages[i], views[i].icon);
    }
  adw_view_stack_page_set_visible (self->pages[VIEW_NOTES],
                                   ea_session_can (self->session, EA_RIGHT_VIEW_CASE_NOTES));
  adw_view_stack_page_set_visible (self->pages[VIEW_DOCUMENTS],
                                   ea_session_can (self->session, EA_RIGHT_VIEW_DOCUMENTS));

  /* The person's name always heads the page; the views are chosen
   * below (a view switcher in the header would take the name's place
   * whenever it fits there, as it did for an administrator). */
  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  /* The page's actions, as far as the role has them. */
  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_widget_set_tooltip_text (self->menu_button, _("More"));
  if (ea_session_can (self->session, EA_RIGHT_EDIT_PERSONS))
    g_menu_append (menu, _("_Edit Personal Data…"), "person.edit");
  if (ea_session_can (self->session, EA_RIGHT_MANAGE_USERS))
    g_menu_append (menu, _("E_xport Subject Access…"), "person.export");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_visible (self->menu_button, g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0);
  g_action_map_add_action_entries (G_ACTION_MAP (actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "person", G_ACTION_GROUP (actions));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->menu_button);

  self->document_button = gtk_button_new_from_icon_name ("mail-attachment-symbolic");
  gtk_widget_set_tooltip_text (self->document_button, _("Add Document…"));
  gtk_widget_set_visible (self->document_button,
                          ea_session_can (self->session, EA_RIGHT_EDIT_DOCUMENTS));
  g_signal_connect_object (self->document_button, "clicked", G_CALLBACK (document_clicked_cb),
                           self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->document_button);

  self->bed_button = gtk_button_new_from_icon_name ("find-location-symbolic");
  gtk_widget_set_tooltip_text (self->bed_button, _("Find a Bed…"));
  gtk_widget_set_visible (self->bed_button, FALSE);
  g_signal_connect_object (self->bed_button, "clicked", G_CALLBACK (find_bed_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->bed_button);

  self->note_button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_tooltip_text (self->note_button, _("Write Note…"));
  gtk_widget_set_visible (self->note_button,
                          ea_session_can (self->session, EA_RIGHT_EDIT_CASE_NOTES));
  g_signal_connect_object (self->note_button, "clicked", G_CALLBACK (note_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->note_button);

  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (bar), self->stack);
  adw_view_switcher_bar_set_reveal (ADW_VIEW_SWITCHER_BAR (bar), TRUE);

  gtk_box_append (GTK_BOX (self->box), header);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (self->box), bar);

  /* Alt+← goes back, as from a room plan. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Left, GDK_ALT_MASK),
                        gtk_callback_action_new (back_shortcut_cb, self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  }
}

EaPersonPage *
ea_person_page_new (EaSession *session)
{
  EaPersonPage *self;

  g_return_val_if_fail (EA_IS_SESSION (session), NULL);

  self = g_object_new (EA_TYPE_PERSON_PAGE, NULL);
  self->session = g_object_ref (session);
  build (self);
  return self;
}

EaPersonFile *
_ea_person_page_get_file (EaPersonPage *self)
{
  return self->file;
}

void
_ea_person_page_show_view (EaPersonPage *self,
                           const char   *name)
{
  adw_view_stack_set_visible_child_name (self->stack, name);
}

guint
_ea_person_page_get_n_notes (EaPersonPage *self)
{
  return self->n_notes;
}

guint
_ea_person_page_get_n_documents (EaPersonPage *self)
{
  return self->n_documents;
}

gboolean
_ea_person_page_is_busy (EaPersonPage *self)
{
  return self->n_busy > 0;
}

EaEditDialog *
_ea_person_page_open_note_dialog (EaPersonPage *self)
{
  return open_note_dialog (self, NULL);
}

EaEditDialog *
_ea_person_page_open_document_dialog (EaPersonPage *self,
                                      const char   *path)
{
  return open_document_dialog (self, path);
}

EaEditDialog *
_ea_person_page_open_edit_dialog (EaPersonPage *self)
{
  return open_edit_dialog (self);
}

EaEditDialog *
_ea_person_page_open_role_dialog (EaPersonPage *self,
                                  gint64        member)
{
  return open_role_dialog (self, member);
}

EaEditDialog *
_ea_person_page_open_split_dialog (EaPersonPage *self)
{
  return open_split_dialog (self);
}

EaEditDialog *
_ea_person_page_open_needs_dialog (EaPersonPage *self)
{
  return open_needs_dialog (self);
}

EaEditDialog *
_ea_person_page_open_language_dialog (EaPersonPage *self)
{
  return open_language_dialog (self);
}

EaEditDialog *
_ea_person_page_open_qualification_dialog (EaPersonPage *self)
{
  return open_qualification_dialog (self);
}

EaFindBedDialog *
_ea_person_page_find_bed (EaPersonPage *self,
                          gboolean      household)
{
  g_return_val_if_fail (may_find_bed (self), NULL);
  return find_bed (self, household);
}

gboolean
_ea_person_page_may_find_bed (EaPersonPage *self)
{
  return gtk_widget_get_visible (self->bed_button);
}

EaEditDialog *
_ea_person_page_open_keep_apart_dialog (EaPersonPage *self,
                                        gint64        other_id,
                                        const char   *other_name)
{
  return open_keep_apart_dialog (self, other_id, other_name);
}

/**
 * ea_person_page_mark_stale:
 *
 * Another seat changed something: the file is read again by
 * ea_person_page_catch_up() or when it comes into view.
 */
void
ea_person_page_mark_stale (EaPersonPage *self)
{
  g_return_if_fail (EA_IS_PERSON_PAGE (self));

  self->stale = TRUE;
}

/**
 * ea_person_page_catch_up:
 *
 * Reads the file in view again when another seat changed something,
 * keeping the section on display and its scrolled place; not while a
 * dialog (a case note being written, say), a file chooser or a popover
 * is open, or a document is being read in: they belong to the file as
 * it was.
 *
 * Returns: whether the file in view waits for that
 */
gboolean
ea_person_page_catch_up (EaPersonPage *self)
{
  EaLiveScroll *scroll;

  g_return_val_if_fail (EA_IS_PERSON_PAGE (self), FALSE);

  if (!self->stale || self->person_id == 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  if (self->n_busy > 0 || self->file_dialog != NULL || ea_live_is_busy (GTK_WIDGET (self)))
    return TRUE;
  scroll = ea_live_save_scroll (GTK_WIDGET (self));
  reload (self);
  ea_live_restore_scroll (scroll);
  return FALSE;
}
