"""Files left 'being checked' before leases existed (their worker may have died long ago) are
given a lease that has already run out, as one attempt: the recovery sweep checks each once more
(a check that was in fact still queued simply runs; storing its result is the same either way)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone


def lease_checking_submissions(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Submission = apps.get_model("chronology", "Submission")
    Submission.objects.filter(status="checking", lease_expires_at__isnull=True).update(
        attempts=1, lease_expires_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ("chronology", "0008_lease"),
    ]

    operations = [
        migrations.RunPython(lease_checking_submissions, migrations.RunPython.noop),
    ]
