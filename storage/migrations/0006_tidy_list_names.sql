-- List names are stored tidy (storage/names.py: no invisible or control characters, one spelling),
-- and name_key is derived from the tidy name. Names stored before kept zero-width characters, bidi
-- marks, …: re-tidy them so that their keys match what they look like, and a new list cannot take a
-- name that looks the same as an existing one.
--
-- app_tidy_name and app_name_key are storage.names.tidy_name and name_key, registered on the
-- connection that migrates (storage.db). Left as they are, for a person to rename: a name with
-- nothing visible, and a name that would then equal another ready list's (OR IGNORE).

UPDATE OR IGNORE lists
SET name = app_tidy_name(name), name_key = app_name_key(name)
WHERE status = 'ready'
  AND name IS NOT NULL
  AND app_tidy_name(name) != ''
  AND (name != app_tidy_name(name) OR name_key IS NOT app_name_key(name));
