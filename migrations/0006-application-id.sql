-- The file says what it is: SQLite's application id "EAkt" (0x45416B74),
-- so that the program (and file(1)) tells an E-Akte database from any
-- other SQLite file before it changes anything in it.
PRAGMA application_id = 1161915252;
