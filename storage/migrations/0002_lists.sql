-- Client lists, the pending imports that become them, and the audit trail.
--
-- A pending import is a list row with status 'staged' (owned by the manager who uploaded the file):
-- its validated rows are stored once, and Create only names it and flips status to 'ready', so a
-- 400k-row Create is one UPDATE. 'loading' marks a stage whose rows are still being written in chunks;
-- it is invisible everywhere and removed by the stale-stage cleanup if the bot dies mid-way.

CREATE TABLE lists (
    id              INTEGER PRIMARY KEY,
    status          TEXT    NOT NULL CHECK (status IN ('loading', 'staged', 'ready')),
    name            TEXT,
    name_key        TEXT,                 -- casefolded name; unique among ready lists
    channel         TEXT    NOT NULL,     -- validators.channels id
    columns         TEXT    NOT NULL,     -- JSON [{"key": ..., "title": ...}] in file order
    row_count       INTEGER NOT NULL DEFAULT 0,
    source          TEXT    NOT NULL,     -- JSON {"kind": "file", ...} | {"kind": "clients", ...}
    summary         TEXT,                 -- JSON counts of the validation (file imports)
    owner_id        INTEGER NOT NULL,     -- manager who uploaded / created it
    file_id         TEXT,                 -- Telegram file_id of the uploaded source file
    file_unique_id  TEXT,
    export_file_id  TEXT,                 -- Telegram file_id of the first XLSX download
    staged_at       TEXT    NOT NULL,     -- ISO-8601 UTC
    created_at      TEXT                  -- ISO-8601 UTC, set when it becomes ready
);
CREATE UNIQUE INDEX lists_name_key ON lists (name_key) WHERE status = 'ready';
CREATE INDEX lists_ready_by_date ON lists (status, created_at DESC, id DESC);
CREATE INDEX lists_owner_status ON lists (owner_id, status);

CREATE TABLE list_rows (
    list_id     INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,         -- 0-based order of the list
    row_number  INTEGER,                  -- row number in the source file, when there is one
    cells       TEXT    NOT NULL,         -- JSON array of strings aligned to lists.columns
    PRIMARY KEY (list_id, position)
) WITHOUT ROWID;

CREATE TABLE import_problems (
    list_id       INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    row_number    INTEGER NOT NULL,
    column_title  TEXT    NOT NULL,
    reason        TEXT    NOT NULL,       -- validators.result.Reason value
    message       TEXT    NOT NULL,
    suggestion    TEXT,
    cells         TEXT    NOT NULL,       -- JSON array of the original cells
    PRIMARY KEY (list_id, position)
) WITHOUT ROWID;

CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,         -- ISO-8601 UTC
    user_id     INTEGER NOT NULL,
    action      TEXT    NOT NULL,         -- 'created' | 'downloaded' | 'deleted'
    list_id     INTEGER,                  -- no foreign key: the list may be gone
    list_name   TEXT,
    details     TEXT                      -- JSON
);
CREATE INDEX audit_events_by_time ON audit_events (at DESC, id DESC);
