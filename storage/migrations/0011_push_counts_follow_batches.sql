-- A push's `done` and `accepted` follow its batches: the statement that confirms a batch adds the
-- batch's numbers to its push, so confirming an answer with no rejections is one statement, one trip
-- to the writer's thread (four before: BEGIN, the batch, the push, COMMIT; bench.push_list), and no
-- writer can confirm a batch without counting it. A batch is confirmed once (its status never leaves
-- 'confirmed'), so it is counted once.
CREATE TRIGGER call_push_batches_counted AFTER UPDATE OF status ON call_push_batches
    WHEN NEW.status = 'confirmed' AND OLD.status != 'confirmed'
BEGIN
    UPDATE call_pushes
    SET done = done + NEW.last_position - NEW.first_position + 1, accepted = accepted + NEW.accepted
    WHERE id = NEW.push_id;
END;
