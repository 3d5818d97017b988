-- A push's `done` and `accepted` follow its batches (as SQLite's 0011, which explains why).
CREATE FUNCTION app_count_confirmed_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE call_pushes
    SET done = done + NEW.last_position - NEW.first_position + 1, accepted = accepted + NEW.accepted
    WHERE id = NEW.push_id;
    RETURN NULL;
END $$;
CREATE TRIGGER call_push_batches_counted AFTER UPDATE OF status ON call_push_batches
    FOR EACH ROW WHEN (NEW.status = 'confirmed' AND OLD.status <> 'confirmed')
    EXECUTE FUNCTION app_count_confirmed_batch();
