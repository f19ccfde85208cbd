"""A version typed in Review Desk is received when its author sends it, not when its first entry
is typed: ``received_on`` is empty until then. The versions typed in Review Desk
and not yet accepted become drafts again, to be sent (the date of their first entry was never the
day the chronology reached the partnership). Going back: received on the day they were started."""

import django.utils.timezone
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone

PENDING = ("checking", "problems", "ready")


def unsend(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Submission = apps.get_model("chronology", "Submission")
    Submission.objects.filter(kind="browser", status__in=PENDING).update(received_on=None)


def resend(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Submission = apps.get_model("chronology", "Submission")
    for submission in Submission.objects.filter(received_on__isnull=True).iterator():
        submission.received_on = timezone.localdate(submission.created_at)
        submission.save(update_fields=["received_on"])


class Migration(migrations.Migration):

    dependencies = [
        ("chronology", "0012_entry_version"),
    ]

    operations = [
        migrations.AlterField(
            model_name="submission",
            name="received_on",
            field=models.DateField(blank=True, default=django.utils.timezone.localdate,
                                   null=True, verbose_name="date received"),
        ),
        migrations.RunPython(unsend, resend),
    ]
