from django.db import migrations

# The audit log names the resident whose record an event was about by id alone (the core knows
# no app's tables). When a resident's record is deleted, that id is cleared, as a foreign key
# with ON DELETE SET NULL would: the event stays, and nothing in it points at the person.
FORWARD = """
CREATE OR REPLACE FUNCTION residents_resident_forget_in_audit() RETURNS trigger AS $$
BEGIN
    UPDATE goodwork_auditevent SET resident_id = NULL WHERE resident_id = OLD.id;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER residents_resident_forget_in_audit
    AFTER DELETE ON residents_resident
    FOR EACH ROW EXECUTE FUNCTION residents_resident_forget_in_audit();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS residents_resident_forget_in_audit ON residents_resident;
DROP FUNCTION IF EXISTS residents_resident_forget_in_audit();
"""


class Migration(migrations.Migration):
    dependencies = [("residents", "0001_initial"), ("goodwork", "0002_auditevent_append_only")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
