-- Guardian shared log, schema 3: tell the people who have a log open when
-- someone else changes it. Every change to a log writes its audit entry in
-- the same transaction (checked at commit by change_is_audited), so a
-- notification per audit entry covers every change, whoever makes it.
-- PostgreSQL sends a transaction's notifications only when it commits, and
-- sends identical ones once, so a Batch of many changes is one message.
-- The channel names the organisation: a Guardian listens only on its own.
-- Anyone may listen on any channel, so the message carries nothing but the
-- fact that the organisation's log changed.
CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('guardian_log_' || NEW.org_id, '');
	RETURN NULL;
END $$;
CREATE TRIGGER audit_notify AFTER INSERT ON audit
	FOR EACH ROW EXECUTE FUNCTION notify_change();
