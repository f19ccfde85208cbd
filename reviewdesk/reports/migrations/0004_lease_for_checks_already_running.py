"""Checks left 'running' before leases existed (their worker may have died long ago) are given a
lease that has already run out, as one attempt: the recovery sweep runs each once more."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone


def lease_running_checks(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    DraftCheck = apps.get_model("reports", "DraftCheck")
    DraftCheck.objects.filter(status="running", lease_expires_at__isnull=True).update(
        attempts=1, lease_expires_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0003_lease"),
    ]

    operations = [
        migrations.RunPython(lease_running_checks, migrations.RunPython.noop),
    ]
