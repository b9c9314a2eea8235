from django.db import migrations

# The audit log is evidence: once written, a row may not be changed or removed. The only
# changes allowed are those an erasure makes: the actor link cleared and the label that named
# them replaced, and the resident's id cleared when their record is deleted.
FORWARD = """
CREATE OR REPLACE FUNCTION goodwork_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.id = OLD.id AND NEW.at = OLD.at
        AND (NEW.actor_label = OLD.actor_label OR NEW.actor_id IS NULL)
        AND NEW.action = OLD.action AND NEW.subject_type = OLD.subject_type
        AND NEW.subject_id = OLD.subject_id AND NEW.detail = OLD.detail
        AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id OR NEW.actor_id IS NULL)
        AND (NEW.resident_id IS NOT DISTINCT FROM OLD.resident_id OR NEW.resident_id IS NULL)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'goodwork_auditevent is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER goodwork_auditevent_append_only
    BEFORE UPDATE OR DELETE ON goodwork_auditevent
    FOR EACH ROW EXECUTE FUNCTION goodwork_auditevent_append_only();
"""

BACKWARD = """DROP TRIGGER IF EXISTS goodwork_auditevent_append_only ON goodwork_auditevent;
DROP FUNCTION IF EXISTS goodwork_auditevent_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("goodwork", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
