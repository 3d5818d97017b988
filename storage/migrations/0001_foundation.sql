-- Foundation: users seen by the bot, their roles, access requests and FSM state.
-- Never edit this file once landed; add 0002_*.sql instead.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,          -- Telegram user id
    username    TEXT,                         -- without "@", as Telegram reports it
    full_name   TEXT NOT NULL DEFAULT '',
    first_seen  TEXT NOT NULL,                -- ISO 8601 UTC
    updated_at  TEXT NOT NULL
);
CREATE INDEX users_username ON users (username COLLATE NOCASE);

CREATE TABLE user_roles (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('OUTBOUND_MANAGER', 'ADMIN')),
    granted_by  INTEGER,                      -- NULL: bootstrap from ADMIN_IDS
    granted_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
) WITHOUT ROWID;

CREATE TABLE access_requests (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'granted', 'ignored')),
    requested_at TEXT NOT NULL,
    decided_by   INTEGER,
    decided_at   TEXT
);

CREATE TABLE fsm (
    key   TEXT PRIMARY KEY,                   -- aiogram StorageKey, built by DefaultKeyBuilder
    state TEXT,
    data  TEXT NOT NULL DEFAULT '{}'          -- JSON object
) WITHOUT ROWID;
