-- Failed rows keep what is wrong as a code and its figures, not an English sentence: the error report
-- and the summary say it in the reader's language (issue 12). detail: validators.result.Detail value;
-- params: JSON object of its figures (numbers, codes, the quoted cell).
--
-- app_problem_code is storage.legacy_words.problem_code, registered on the connection that migrates
-- (storage.db): it reads the old sentence (or checks the row's id cell again) and returns
-- {"detail": …, "params": {…}}; a sentence it does not know becomes "unknown" (the reason's label).

ALTER TABLE import_problems ADD COLUMN detail TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE import_problems ADD COLUMN params TEXT NOT NULL DEFAULT '{}';

UPDATE import_problems
SET params = app_problem_code(
    (SELECT channel FROM lists WHERE lists.id = import_problems.list_id), reason, message, cells
);
UPDATE import_problems
SET detail = json_extract(params, '$.detail'), params = json_extract(params, '$.params');

ALTER TABLE import_problems DROP COLUMN message;

-- Columns the bot named (flow B's lists; the id and positional columns of a file without titles) get a
-- label, so a download titles them in the reader's language; `title` keeps the English name (it also
-- names payload fields). app_column_labels is storage.legacy_words.column_labels.
UPDATE lists
SET columns = app_column_labels(channel, source, summary, columns)
WHERE status IN ('staged', 'ready');

-- A cached download was built with English titles; one for another language is built anew.
ALTER TABLE lists ADD COLUMN export_locale TEXT;
UPDATE lists SET export_locale = 'en' WHERE export_file_id IS NOT NULL;
