"""Trigram indexes for the merged chronology's keyword and person filters (PostgreSQL only).

Django's ``icontains`` compares ``UPPER(field::text) LIKE UPPER('%…%')``; a GIN trigram index on
``UPPER(field)`` is what PostgreSQL can use for that, so a rare keyword among 500,000 entries is
found from the index instead of reading every row. SQLite (development, tests) has no such
index: the filters work the same, only without it. Nothing else changes in the schema.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FIELDS = ("event", "action", "analysis", "source", "role")


def _create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name in FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS chron_entry_{name}_trgm ON chronology_entry "
            f"USING gin (UPPER({name}) gin_trgm_ops)")


def _drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS chron_entry_{name}_trgm")


class Migration(migrations.Migration):
    dependencies = [("chronology", "0002_duplicate_decisions_and_significance")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
