"""Every existing partnership's list of themes starts from the national themes."""

from typing import Any

from django.db import migrations

# Frozen here: the list in models.py may change later; a migration must not.
NATIONAL_THEMES = [
    "Neglect", "Domestic abuse", "Parental mental health", "Parental substance use",
    "Sudden unexpected death in infancy / safe sleep", "Non-accidental injury",
    "Child exploitation", "Child sexual abuse", "Information sharing", "Voice of the child",
    "Professional curiosity", "Escalation", "Interpreters and language", "School attendance",
    "Disabled children", "Adolescents and risk outside the home", "Men in the household",
    "Multi-agency working",
]


def add_themes(apps: Any, schema_editor: Any) -> None:
    Partnership = apps.get_model("accounts", "Partnership")
    Theme = apps.get_model("action_plan", "Theme")
    for partnership in Partnership.objects.all():
        have = set(Theme.objects.filter(partnership=partnership).values_list("name", flat=True))
        Theme.objects.bulk_create([Theme(partnership=partnership, name=name, national=True)
                                   for name in NATIONAL_THEMES if name not in have])


class Migration(migrations.Migration):
    dependencies = [("action_plan", "0001_initial")]
    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
