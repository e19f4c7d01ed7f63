/* SPDX-License-Identifier: EUPL-1.2 */
#define G_LOG_DOMAIN "ea-audit-checkpoint"

/* Anchors of the audit log outside the database.
 *
 * The log's hash chain finds an entry changed or removed in its middle,
 * but not a tail cut off, nor a chain recomputed after a change: whoever
 * can write the database can also rewrite the chain. A checkpoint is a
 * small file that names the newest entry and its hash, signed with the
 * office's Ed25519 key (libsodium). Kept where the database's owner cannot
 * rewrite it (beside every backup, on a write-once share, with the
 * data-protection officer), it lets `audit verify --checkpoint FILE` prove
 * that the log still holds exactly those entries up to that one.
 *
 * The secret key is a file of its own, outside the database (by default
 * $XDG_CONFIG_HOME/eakte/audit-key-DB, or $EAKTE_AUDIT_KEY), readable by
 * its owner only; the database keeps the public key, so that a checkpoint
 * signed by another key is told apart. */

#include "config.h"

#include "ea-audit.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "ea-audit-private.h"
#include "ea-change-private.h"
#include "ea-clock.h"
#include "ea-error.h"
#include "ea-store-private.h"
#include "ea-trust-sql-private.h"

#define CHECKPOINT_FORMAT 1
#define PUBLIC_KEY_SETTING "audit_public_key"

/* The path of the signing key of the database @store. */
static char *
key_path (EaStore *store)
{
  const char *env = g_getenv ("EAKTE_AUDIT_KEY");
  g_autofree char *path = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *name = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  path = ea_store_dup_identity (store);
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
  name = g_strdup_printf ("audit-key-%.16s", sum);
  return g_build_filename (g_get_user_config_dir (), "eakte", name, NULL);
}

static char *
encode (const guchar *data,
        gsize         length)
{
  return g_base64_encode (data, length);
}

/* Decodes exactly @length bytes of base64 into @out. */
static gboolean
decode (const char *text,
        guchar     *out,
        gsize       length)
{
  g_autofree guchar *data = NULL;
  gsize n = 0;

  if (text == NULL)
    return FALSE;
  data = g_base64_decode (text, &n);
  if (n != length)
    return FALSE;
  memcpy (out, data, length);
  return TRUE;
}

/* The office's secret key: read from its file, or made once for a
 * database that has none yet (its public key is then recorded). */
static gboolean
load_secret_key (EaSession  *session,
                 guchar      secret[crypto_sign_SECRETKEYBYTES],
                 GError    **error)
{
  EaStore *store = ea_session_get_store (session);
  g_autofree char *path = key_path (store);
  g_autofree char *recorded = _ea_store_dup_setting (store, PUBLIC_KEY_SETTING);
  g_autofree char *text = NULL;
  guchar public_key[crypto_sign_PUBLICKEYBYTES];
  g_autofree char *public_text = NULL;

  if (g_file_get_contents (path, &text, NULL, NULL))
    {
      gboolean ok = decode (g_strstrip (text), secret, crypto_sign_SECRETKEYBYTES);

      sodium_memzero (text, strlen (text));
      if (!ok)
        return ea_error_set (error, EA_ERROR_FAILED,
                             _("The signing key %s of the audit checkpoints is damaged."), path);
      crypto_sign_ed25519_sk_to_pk (public_key, secret);
      public_text = encode (public_key, sizeof public_key);
      if (recorded != NULL && !g_str_equal (recorded, public_text))
        return ea_error_set (error, EA_ERROR_FAILED,
                             _("The signing key %s is not the one this database's checkpoints "
                               "are signed with; restore the right key file."), path);
      if (recorded == NULL)
        return _ea_store_set_setting (store, PUBLIC_KEY_SETTING, public_text, error);
      return TRUE;
    }
  if (recorded != NULL)
    return ea_error_set (error, EA_ERROR_FAILED,
                         _("The signing key of the audit checkpoints is missing (it belongs at "
                           "%s); restore it from where you keep it safe."), path);

  /* The first checkpoint of this database: a new key. */
  {
    g_autofree char *folder = g_path_get_dirname (path);
    g_autofree char *secret_text = NULL;
    gboolean ok;

    crypto_sign_keypair (public_key, secret);
    secret_text = encode (secret, crypto_sign_SECRETKEYBYTES);
    public_text = encode (public_key, sizeof public_key);
    if (g_mkdir_with_parents (folder, 0700) != 0)
      return ea_error_set (error, EA_ERROR_FAILED, _("Cannot create the folder %s: %s"), folder,
                           g_strerror (errno));
    ok = _ea_store_write_private_file (path, secret_text, -1, error);
    sodium_memzero (secret_text, strlen (secret_text));
    return ok && _ea_store_set_setting (store, PUBLIC_KEY_SETTING, public_text, error) &&
           _ea_audit_record (session, &(EaAuditRecord) { .action = "create",
                                                         .object_type = "audit-signing-key",
                                                         .detail = public_text }, error);
  }
}

/* What a checkpoint signs: every field, in one fixed text. */
static char *
signed_text (const char *ags,
             gint64      entry,
             const char *hash,
             gint64      entries,
             const char *at)
{
  return g_strdup_printf ("E-Akte audit checkpoint %d\nags=%s\nentry=%" G_GINT64_FORMAT
                          "\nhash=%s\nentries=%" G_GINT64_FORMAT "\nat=%s\n", CHECKPOINT_FORMAT,
                          ags, entry, hash, entries, at);
}

typedef struct
{
  guchar     *secret;    /* crypto_sign_SECRETKEYBYTES, filled in */
  const char *path;
  gint64      entry;     /* the head: its number, hash, and how many up to it */
  char       *hash;
  gint64      entries;
} Checkpointing;

/* The key, and the entry that names the checkpoint, then the head with
 * that entry: all in one transaction, so no other entry comes between. */
static gboolean
checkpoint_change (EaSession     *session,
                   gpointer       data,
                   EaAuditRecord *record,
                   GError       **error)
{
  Checkpointing *c = data;
  EaStore *store = ea_session_get_store (session);
  g_autoptr(EaStmt) stmt = NULL;

  g_clear_pointer (&c->hash, g_free);
  if (!load_secret_key (session, c->secret, error) ||
      !_ea_audit_record (session, &(EaAuditRecord) { .action = "checkpoint",
                                                     .object_type = "audit-log",
                                                     .detail = c->path }, error) ||
      !_ea_store_write_deferred (store, error))
    return FALSE;
  stmt = _ea_store_prepare (store, _ea_trust_sql.audit_newest, error);
  if (stmt == NULL)
    return FALSE;
  if (_ea_stmt_step (stmt) != EA_STMT_ROW)
    return _ea_store_set_error (store, error, _("Cannot read the audit log"));
  c->entry = _ea_stmt_column_int64 (stmt, 0);
  c->hash = g_strdup (_ea_stmt_column_text (stmt, 1));
  c->entries = _ea_stmt_column_int64 (stmt, 2);
  return TRUE;
}

/**
 * ea_audit_write_checkpoint:
 * @session: an administrator's session
 * @path: the new file; it must not exist, and is owner-only
 * @error: a #GError
 *
 * Writes a signed checkpoint of the audit log's newest entry (after an
 * entry that records the checkpoint itself). Keep it where the database's
 * owner cannot rewrite it.
 *
 * Returns: %FALSE on a refusal or failure; then no file is left behind
 */
gboolean
ea_audit_write_checkpoint (EaSession   *session,
                           const char  *path,
                           GError     **error)
{
  EaStore *store;
  g_autofree char *ags = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;
  g_autofree char *signature_text = NULL;
  g_autofree char *public_text = NULL;
  g_autofree char *json = NULL;
  g_autofree char *at = ea_clock_timestamp ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guchar secret[crypto_sign_SECRETKEYBYTES];
  guchar public_key[crypto_sign_PUBLICKEYBYTES];
  guchar signature[crypto_sign_BYTES];
  gint64 entry = 0, entries = 0;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!ea_session_check (session, EA_RIGHT_AUDIT, 0, error))
    return FALSE;
  store = ea_session_get_store (session);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return ea_error_set (error, EA_ERROR_EXISTS, _("%s exists already; choose a new file."),
                         path);

  {
    Checkpointing change = { .secret = secret, .path = path };
    gboolean ok = _ea_change (session, EA_RIGHT_AUDIT, 0, checkpoint_change, &change, error);

    if (!ok)
      {
        sodium_memzero (secret, sizeof secret);
        g_free (change.hash);
        return FALSE;
      }
    entry = change.entry;
    hash = change.hash;
    entries = change.entries;
  }

  ags = _ea_store_dup_setting (store, "ags");
  text = signed_text (ags, entry, hash, entries, at);
  crypto_sign_detached (signature, NULL, (const guchar *) text, strlen (text), secret);
  crypto_sign_ed25519_sk_to_pk (public_key, secret);
  sodium_memzero (secret, sizeof secret);
  signature_text = encode (signature, sizeof signature);
  public_text = encode (public_key, sizeof public_key);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, CHECKPOINT_FORMAT);
  json_builder_set_member_name (builder, "ags");
  json_builder_add_string_value (builder, ags);
  json_builder_set_member_name (builder, "entry");
  json_builder_add_int_value (builder, entry);
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, hash);
  json_builder_set_member_name (builder, "entries");
  json_builder_add_int_value (builder, entries);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  json_builder_set_member_name (builder, "key");
  json_builder_add_string_value (builder, public_text);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, signature_text);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  return _ea_store_write_private_file (path, json, -1, error);
}

/**
 * ea_audit_check_checkpoint:
 * @session: an administrator's session
 * @path: a checkpoint file
 * @problems: (element-type utf8): receives what the log lacks against it
 * @error: a #GError
 *
 * Compares the audit log with a checkpoint: its signature must hold, and
 * the log must still have the entry it names, with the same hash, and as
 * many entries up to it. Verifying the chain (ea_audit_verify()) then
 * proves every entry up to there unchanged.
 *
 * Returns: %FALSE when the file is no checkpoint (then @error says why)
 */
gboolean
ea_audit_check_checkpoint (EaSession   *session,
                           const char  *path,
                           GPtrArray   *problems,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *text = NULL;
  g_autofree char *recorded = NULL;
  g_autofree char *ags = NULL;
  g_autofree char *hash = NULL;
  JsonObject *o;
  EaStore *store;
  guchar public_key[crypto_sign_PUBLICKEYBYTES];
  guchar signature[crypto_sign_BYTES];
  gint64 entry, entries, have, max_id;

  g_return_val_if_fail (EA_IS_SESSION (session), FALSE);

  if (!ea_session_check (session, EA_RIGHT_AUDIT, 0, error))
    return FALSE;
  store = ea_session_get_store (session);
  if (!_ea_store_check_regular_file (path, error))
    return FALSE;
  if (!json_parser_load_from_file (parser, path, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return ea_error_set (error, EA_ERROR_INVALID, _("%s is not an audit checkpoint."), name);
  o = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (o, "format", 0) != CHECKPOINT_FORMAT ||
      json_object_get_string_member_with_default (o, "hash", NULL) == NULL ||
      json_object_get_string_member_with_default (o, "ags", NULL) == NULL ||
      json_object_get_string_member_with_default (o, "at", NULL) == NULL ||
      !decode (json_object_get_string_member_with_default (o, "key", NULL), public_key,
               sizeof public_key) ||
      !decode (json_object_get_string_member_with_default (o, "signature", NULL), signature,
               sizeof signature))
    return ea_error_set (error, EA_ERROR_INVALID, _("%s is not an audit checkpoint."), name);
  entry = json_object_get_int_member_with_default (o, "entry", 0);
  entries = json_object_get_int_member_with_default (o, "entries", 0);
  text = signed_text (json_object_get_string_member (o, "ags"), entry,
                      json_object_get_string_member (o, "hash"), entries,
                      json_object_get_string_member (o, "at"));

  if (crypto_sign_verify_detached (signature, (const guchar *) text, strlen (text),
                                   public_key) != 0)
    {
      g_ptr_array_add (problems, g_strdup_printf (_("Checkpoint %s: its signature does not "
                                                    "match; the file was changed."), name));
      return TRUE;
    }
  recorded = _ea_store_dup_setting (store, PUBLIC_KEY_SETTING);
  {
    g_autofree char *key_text = encode (public_key, sizeof public_key);

    if (g_strcmp0 (recorded, key_text) != 0)
      g_ptr_array_add (problems, g_strdup_printf (_("Checkpoint %s is signed with another key "
                                                    "than this database names: it belongs to "
                                                    "another database, or the key was "
                                                    "replaced."), name));
  }
  ags = _ea_store_dup_setting (store, "ags");
  if (g_strcmp0 (ags, json_object_get_string_member (o, "ags")) != 0)
    g_ptr_array_add (problems, g_strdup_printf (_("Checkpoint %s is of the office with AGS %s, "
                                                  "not of this one."), name,
                                                json_object_get_string_member (o, "ags")));

  max_id = _ea_store_query_int (store, _ea_trust_sql.audit_max_id, "");
  have = _ea_store_query_int (store, _ea_trust_sql.audit_count_up_to, "i", entry);
  {
    g_autoptr(EaStmt) stmt = _ea_store_prepare (store, _ea_trust_sql.audit_hash_of, error);

    if (stmt == NULL)
      return FALSE;
    _ea_stmt_bind_int64 (stmt, 1, entry);
    if (_ea_stmt_step (stmt) == EA_STMT_ROW)
      hash = g_strdup (_ea_stmt_column_text (stmt, 0));
  }
  {
    g_autofree char *entry_text = g_strdup_printf ("%" G_GINT64_FORMAT, entry);
    g_autofree char *max_text = g_strdup_printf ("%" G_GINT64_FORMAT, max_id);
    g_autofree char *have_text = g_strdup_printf ("%" G_GINT64_FORMAT, have);
    g_autofree char *entries_text = g_strdup_printf ("%" G_GINT64_FORMAT, entries);

    if (max_id < entry)
      g_ptr_array_add (problems,
                       g_strdup_printf (_("The log ends at entry %s, before entry %s of "
                                          "checkpoint %s: entries were removed from its end."),
                                        max_text, entry_text, name));
    else if (hash == NULL)
      g_ptr_array_add (problems,
                       g_strdup_printf (_("Entry %s of checkpoint %s is missing from the log."),
                                        entry_text, name));
    else if (!g_str_equal (hash, json_object_get_string_member (o, "hash")))
      g_ptr_array_add (problems,
                       g_strdup_printf (_("Entry %s differs from checkpoint %s: the log up to it "
                                          "was rewritten."), entry_text, name));
    else if (have != entries)
      g_ptr_array_add (problems,
                       g_strdup_printf (_("The log has %s entries up to entry %s; checkpoint %s "
                                          "had %s."), have_text, entry_text, name,
                                        entries_text));
  }
  return TRUE;
}
