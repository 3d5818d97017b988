-- Flow A: file checks in flight (download, validation, saving the stage), one per manager.
--
-- A row is written when a check starts (its progress message exists) and deleted when it ends in any
-- way. A row found at start-up is a check the previous process never finished (stopped, killed,
-- crashed): its progress message is edited to say so, then the row is deleted.

CREATE TABLE import_checks (
    owner_id    INTEGER PRIMARY KEY,   -- the manager; a newer check replaces the older one's row
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,      -- the progress message
    file_name   TEXT    NOT NULL,
    started_at  TEXT    NOT NULL       -- ISO 8601, UTC
);
