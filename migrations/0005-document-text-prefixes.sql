-- The persons search looks up every search word of three or more letters
-- as a prefix in the documents' text; prefix indexes answer that at once
-- even when a prefix begins thousands of words ("sch"). The text is kept.
CREATE VIRTUAL TABLE document_text_prefixed USING fts5 (
  body,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '3 4 5 6'
);
INSERT INTO document_text_prefixed (rowid, body) SELECT rowid, body FROM document_text;
DROP TABLE document_text;
ALTER TABLE document_text_prefixed RENAME TO document_text;
