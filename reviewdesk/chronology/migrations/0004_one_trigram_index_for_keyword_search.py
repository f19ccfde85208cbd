"""One trigram index for the keyword and person filters instead of five (PostgreSQL only).

Migration 0003 indexed ``UPPER(field)`` for each of the five text fields. Keeping five GIN
indexes up to date made a 500,000-row import about 40% slower; one index on the fields joined
(``filters.SearchText``, which the filters' regular expressions compare: trigrams ignore case,
so one index serves both the case-insensitive keyword and the case-sensitive person pattern)
finds a keyword as fast and costs one index's upkeep. Its statistics also give PostgreSQL a true
estimate of how many entries a pattern matches. The expression here must stay exactly the one
``SearchText`` renders: ``test_filters_use_the_trigram_index`` checks PostgreSQL's plan uses it.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

OLD_FIELDS = ("event", "action", "analysis", "source", "role")
JOINED = " || CHR(1) || ".join(f'"chronology_entry"."{name}"' for name in OLD_FIELDS)
INDEX = "chron_entry_text_trgm"
# bench/chronology/page.py drops and re-creates the index with these around a bulk load.
CREATE_INDEX = f"CREATE INDEX IF NOT EXISTS {INDEX} ON chronology_entry USING gin (({JOINED}) gin_trgm_ops)"


def _create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in OLD_FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS chron_entry_{name}_trgm")
    schema_editor.execute(CREATE_INDEX)


def _drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    for name in OLD_FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS chron_entry_{name}_trgm ON chronology_entry "
            f"USING gin (UPPER({name}) gin_trgm_ops)")


class Migration(migrations.Migration):
    dependencies = [("chronology", "0003_trigram_indexes_for_keyword_search")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
