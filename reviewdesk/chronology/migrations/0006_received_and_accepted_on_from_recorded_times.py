"""Existing submissions: received on the day they were uploaded, accepted on the day acceptance
was recorded (both as the partnership's local date). The best the database knows: until now
only the upload time was kept."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone


def fill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Submission = apps.get_model("chronology", "Submission")
    for submission in Submission.objects.filter(received_on__isnull=True).iterator():
        submission.received_on = timezone.localdate(submission.created_at)
        if submission.accepted_at and not submission.accepted_on:
            submission.accepted_on = timezone.localdate(submission.accepted_at)
        submission.save(update_fields=["received_on", "accepted_on"])


class Migration(migrations.Migration):
    dependencies = [("chronology", "0005_dates_received_accepted_reopened_and_versions")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
