"""Existing reviews: the subject child is the first child of the first incident recorded."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def set_subject_child(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Review = apps.get_model("reviews", "Review")
    IncidentChild = apps.get_model("reviews", "IncidentChild")
    for review in Review.objects.filter(subject_child__isnull=True).iterator():
        first = (IncidentChild.objects.filter(incident__review=review)
                 .order_by("incident__recorded_at", "incident__pk", "position", "pk").first())
        if first is not None:
            review.subject_child_id = first.identity_id
            review.save(update_fields=["subject_child"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0005_incident_child_details_and_subject_child")]

    operations = [migrations.RunPython(set_subject_child, migrations.RunPython.noop)]
