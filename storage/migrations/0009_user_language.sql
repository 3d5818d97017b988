-- The language each user reads the bot in ('en', 'ru'): set from Telegram's language_code at the
-- first contact and changed with /language. NULL: not known yet (an admin from ADMIN_IDS who has
-- never written; a user seen before this migration, set at their next update).
ALTER TABLE users ADD COLUMN language TEXT;
