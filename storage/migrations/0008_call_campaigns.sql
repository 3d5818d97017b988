-- Flow D: call campaigns of the Tovie Calls API, and pushes of telephony lists into them.
--
-- A campaign is identified by its host and API token. The token is stored so that pushes can run
-- (the database file is private to the bot's user); repositories show only `token_tail`, and a removed
-- campaign keeps its name and tail for the history of pushes while its token is wiped.
--
-- A push sends one list to one campaign in batches planned when it is created (position ranges of
-- list_rows, each with its idempotence key). A batch goes pending -> sent (the request is about to go
-- out; a crash here leaves it resumable with the same key) -> confirmed (the API answered; its counts,
-- job ids and rejections are added to the push in the same transaction). Pushes belong to their list:
-- deleting the list deletes them, their batches and their rejected numbers.

CREATE TABLE call_campaigns (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,          -- tidy (storage.names)
    name_key    TEXT    NOT NULL,          -- casefolded name; unique among active campaigns
    host        TEXT    NOT NULL,          -- e.g. https://app.jaicp.com, no trailing slash
    token       TEXT    NOT NULL,          -- the campaign's API token; '' once removed
    token_tail  TEXT    NOT NULL,          -- last 4 characters, the only part ever shown
    created_by  INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,          -- ISO-8601 UTC
    removed_by  INTEGER,
    removed_at  TEXT                       -- NULL: active
);
CREATE UNIQUE INDEX call_campaigns_name ON call_campaigns (name_key) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX call_campaigns_token ON call_campaigns (host, token) WHERE removed_at IS NULL;

CREATE TABLE call_pushes (
    id                  INTEGER PRIMARY KEY,
    list_id             INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    campaign_id         INTEGER NOT NULL REFERENCES call_campaigns (id),
    status              TEXT    NOT NULL
                        CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
    options             TEXT    NOT NULL,  -- JSON: call window, attempts, retry interval, …
    batch_size          INTEGER NOT NULL,
    total               INTEGER NOT NULL,  -- numbers in the list when the push was created
    done                INTEGER NOT NULL DEFAULT 0,  -- numbers of confirmed batches
    accepted            INTEGER NOT NULL DEFAULT 0,
    rejected            INTEGER NOT NULL DEFAULT 0,
    rejected_by_reason  TEXT    NOT NULL DEFAULT '{}',  -- JSON {reason: count}, every rejection
    rejections_stored   INTEGER NOT NULL DEFAULT 0,  -- rows in call_push_rejections (capped)
    created_by          INTEGER NOT NULL,
    created_at          TEXT    NOT NULL,
    started_at          TEXT,
    finished_at         TEXT,
    chat_id             INTEGER,           -- the progress message
    message_id          INTEGER,
    last_error          TEXT
);
CREATE INDEX call_pushes_by_list ON call_pushes (list_id, campaign_id, id);
CREATE INDEX call_pushes_unfinished ON call_pushes (id) WHERE status IN ('pending', 'running');

CREATE TABLE call_push_batches (
    push_id          INTEGER NOT NULL REFERENCES call_pushes (id) ON DELETE CASCADE,
    batch_no         INTEGER NOT NULL,     -- 0-based
    idempotence_key  TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'confirmed', 'failed')),
    first_position   INTEGER NOT NULL,     -- list_rows.position range, inclusive
    last_position    INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,  -- requests made with this key
    accepted         INTEGER,              -- set when confirmed
    rejected         INTEGER,
    job_ids          TEXT,                 -- JSON array of the call job ids the API returned
    sent_at          TEXT,                 -- last request
    confirmed_at     TEXT,
    PRIMARY KEY (push_id, batch_no)
) WITHOUT ROWID;
-- Unconfirmed batches of a push, in order (the push's status is checked on call_pushes).
CREATE INDEX call_push_batches_open ON call_push_batches (push_id, batch_no)
    WHERE status IN ('pending', 'sent');

CREATE TABLE call_push_rejections (
    push_id   INTEGER NOT NULL REFERENCES call_pushes (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,            -- list_rows.position
    phone     TEXT    NOT NULL,
    reason    TEXT    NOT NULL,            -- as the API said it, cut
    PRIMARY KEY (push_id, position)
) WITHOUT ROWID;
