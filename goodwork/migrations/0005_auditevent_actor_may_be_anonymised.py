from django.db import migrations

# When an account is deleted its audit rows keep what happened but lose who it was: the
# actor link is cleared and the label that named them is replaced. Nothing else may change.
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
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION goodwork_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor_label = OLD.actor_label
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
"""


class Migration(migrations.Migration):
    dependencies = [("goodwork", "0004_auditevent_append_only")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
