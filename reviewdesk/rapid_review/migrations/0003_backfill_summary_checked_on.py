"""Summaries accepted or returned before the date of the check was asked for took effect on the
day they were checked."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone


def backfill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    SummaryRequest = apps.get_model("rapid_review", "SummaryRequest")
    for item in SummaryRequest.objects.filter(checked_at__isnull=False, checked_on__isnull=True):
        item.checked_on = timezone.localdate(item.checked_at)
        item.save(update_fields=["checked_on"])


class Migration(migrations.Migration):
    dependencies = [("rapid_review", "0002_summary_received_and_checked_dates_partner_sign_offs")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
