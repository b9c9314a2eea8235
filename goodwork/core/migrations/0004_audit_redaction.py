from django.db import migrations, models

# Erasure reaches the audit log's free text. Besides the changes 0002 allows (the actor link
# cleared with the label that named them, the resident's id cleared), an UPDATE may now replace
# `detail` and `actor_label` with the fixed redaction marker, and nothing else: the event, its
# time and its subject stay. The database itself stamps `redacted_at` when it does, and
# refuses any other change to that column, so a redacted row always says when it was.
# The marker is goodwork.core.audit.AUDIT_REDACTED; the two must stay the same.
FORWARD = """
CREATE OR REPLACE FUNCTION goodwork_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.id = OLD.id AND NEW.at = OLD.at
        AND NEW.action = OLD.action AND NEW.subject_type = OLD.subject_type
        AND NEW.subject_id = OLD.subject_id
        AND (NEW.detail = OLD.detail OR NEW.detail = '[redacted]')
        AND (
            NEW.actor_label = OLD.actor_label
            OR NEW.actor_label = '[redacted]'
            OR (OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL)
        )
        AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id OR NEW.actor_id IS NULL)
        AND (NEW.resident_id IS NOT DISTINCT FROM OLD.resident_id OR NEW.resident_id IS NULL)
        AND NEW.redacted_at IS NOT DISTINCT FROM OLD.redacted_at
    THEN
        IF NEW.detail <> OLD.detail OR NEW.actor_label <> OLD.actor_label THEN
            NEW.redacted_at := now();
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'goodwork_auditevent is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

# The function as 0002 made it, which knows no redacted_at.
BACKWARD = """
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


class Migration(migrations.Migration):
    dependencies = [("goodwork", "0003_site_settings")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="redacted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
