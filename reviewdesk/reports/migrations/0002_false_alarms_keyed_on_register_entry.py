"""False alarms match a finding's text, category and register entry (none for identifiers the
register does not hold), so 'Mark' marked as an ordinary word no longer hides the registered
uncle Mark. Existing alarms take their entry from the finding they were marked on; one whose
finding is gone keeps none."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def entry_from_finding(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    FalseAlarm = apps.get_model("reports", "FalseAlarm")
    for alarm in FalseAlarm.objects.select_related("finding").iterator():
        entry_id = alarm.finding.entry_id if alarm.finding_id else None
        if alarm.entry_id != entry_id:
            alarm.entry_id = entry_id
            alarm.save(update_fields=["entry"])


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0001_draft_checks_findings_false_alarms"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="falsealarm",
            name="false_alarm_once_per_review",
        ),
        migrations.RunPython(entry_from_finding, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="falsealarm",
            constraint=models.UniqueConstraint(
                condition=models.Q(("entry__isnull", False), ("undone_at__isnull", True)),
                fields=("review", "normalised", "category", "entry"),
                name="false_alarm_once_per_entry"),
        ),
        migrations.AddConstraint(
            model_name="falsealarm",
            constraint=models.UniqueConstraint(
                condition=models.Q(("entry__isnull", True), ("undone_at__isnull", True)),
                fields=("review", "normalised", "category"),
                name="false_alarm_once_unregistered"),
        ),
    ]
