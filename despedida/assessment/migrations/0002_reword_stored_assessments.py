"""Assessments stored before phrases were kept as codes hold sentences in one language:
mark them stale, so each is assessed again (and worded in the viewer's language) when next read."""

from django.db import migrations


def mark_stale(apps, schema_editor):
    apps.get_model("assessment", "Assessment").objects.update(stale=True)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(mark_stale, migrations.RunPython.noop)]
