-- Failed rows (import_problems) are the error report of a pending import; the report is not offered
-- once the list is created, so Create now deletes them (storage.imports). This drops the ones that
-- lists created before kept: dead weight, and phone numbers that nobody can see any more.
--
-- The space they held is given back by the VACUUM that switches the database to incremental
-- auto-vacuum at the first start with this version (storage.db), or by the next reclaim.

DELETE FROM import_problems WHERE list_id IN (SELECT id FROM lists WHERE status = 'ready');
