-- Analytics clients: the people the company's bots talked to, per project and channel (flow B).
--
-- Times are unix seconds (UTC): compact integers keep the activity index small and comparisons cheap.
-- Filtering a (project, channel) slice by last activity is a range scan of clients_activity; labels
-- are ids in a separate table (one label filter = one index range); text search on name or client id
-- uses an FTS5 trigram index (substring match, case-insensitive), kept in sync by triggers.

CREATE TABLE client_projects (
    id      INTEGER PRIMARY KEY,
    name    TEXT    NOT NULL UNIQUE
);

CREATE TABLE clients (
    id              INTEGER PRIMARY KEY,
    project_id      INTEGER NOT NULL REFERENCES client_projects (id) ON DELETE CASCADE,
    channel         TEXT    NOT NULL,      -- validators.channels id
    client_id       TEXT    NOT NULL,      -- normalized id in the channel (phone digits for telephony)
    name            TEXT    NOT NULL DEFAULT '',
    bot_id          TEXT    NOT NULL DEFAULT '',  -- the report's channel / bot id, informational
    first_activity  INTEGER NOT NULL,
    last_activity   INTEGER NOT NULL,
    dialogs         INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX clients_key ON clients (project_id, channel, client_id);
CREATE INDEX clients_activity ON clients (project_id, channel, last_activity);

CREATE TABLE client_labels (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES client_projects (id) ON DELETE CASCADE,
    channel     TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    UNIQUE (project_id, channel, name)
);

CREATE TABLE client_label_links (
    label_id    INTEGER NOT NULL REFERENCES client_labels (id) ON DELETE CASCADE,
    client      INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    PRIMARY KEY (label_id, client)
) WITHOUT ROWID;
CREATE INDEX client_label_links_client ON client_label_links (client);

CREATE VIRTUAL TABLE clients_fts USING fts5 (
    name, client_id, content = 'clients', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients BEGIN
    INSERT INTO clients_fts (rowid, name, client_id) VALUES (new.id, new.name, new.client_id);
END;
CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients BEGIN
    INSERT INTO clients_fts (clients_fts, rowid, name, client_id)
    VALUES ('delete', old.id, old.name, old.client_id);
END;
CREATE TRIGGER clients_fts_update AFTER UPDATE OF name, client_id ON clients
WHEN old.name IS NOT new.name OR old.client_id IS NOT new.client_id BEGIN
    INSERT INTO clients_fts (clients_fts, rowid, name, client_id)
    VALUES ('delete', old.id, old.name, old.client_id);
    INSERT INTO clients_fts (rowid, name, client_id) VALUES (new.id, new.name, new.client_id);
END;
