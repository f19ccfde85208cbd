"""A trigram GIN index on the anonymised search text (PostgreSQL only), as migration 0004 gives
the real text: a keyword or a pseudonym in the anonymised view is found from the index among
half a million entries. ``test_anonymised_filters_use_the_trigram_index`` checks the plan."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEX = "chron_anon_text_trgm"
CREATE_INDEX = (f"CREATE INDEX IF NOT EXISTS {INDEX} ON chronology_anonymisedtext "
                "USING gin (text gin_trgm_ops)")


def _create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(CREATE_INDEX)


def _drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("chronology", "0010_anonymised_search_text")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
