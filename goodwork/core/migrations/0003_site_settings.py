from django.db import migrations


def seed(apps, schema_editor):
    apps.get_model("goodwork", "SiteSettings").objects.get_or_create(id=1)
    apps.get_model("sites", "Site").objects.update_or_create(
        id=1, defaults={"domain": "goodwork.camden.gov.uk", "name": "Good Work Camden"}
    )


class Migration(migrations.Migration):
    dependencies = [("goodwork", "0002_auditevent_append_only"), ("sites", "0002_alter_domain_unique")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
