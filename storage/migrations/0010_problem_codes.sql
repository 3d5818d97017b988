-- Failed rows keep what is wrong as a code and its figures, not an English sentence: the error report
-- and the summary say it in the reader's language (issue 12). detail: validators.result.Detail value;
-- params: JSON object of its figures (numbers, codes, the quoted cell).
--
-- app_problem_code is storage.legacy_problems.problem_code, registered on the connection that migrates
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
