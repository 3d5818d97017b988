-- Telegram updates whose handler runs long (a button that waits for rows being saved, a hung request):
-- kept here so that polling can confirm them to Telegram without waiting, and none is lost.
--
-- A row is written once a handler has run longer than a short grace, and deleted when it ends. A row
-- found at start-up is an update whose handler a stop or a crash cut off: it is handled again.

CREATE TABLE parked_updates (
    update_id   INTEGER PRIMARY KEY,
    payload     TEXT    NOT NULL,      -- the Update as Telegram sent it (JSON)
    parked_at   TEXT    NOT NULL       -- ISO 8601, UTC
);
