"""PostgreSQL: each document's ``tsvector`` stored beside its text, indexed, for ranking.

The expression index (0002) found the matching documents, but ``ts_rank`` then parsed every
matching document's text again: searching from a whole review (twenty words, any of them)
matches most of a partnership's documents, and parsing them was most of the page's time. A
generated column is kept in step by the database whatever writes the rows. SQLite's FTS5 table
already ranks from its own index. See docs/decisions/0063-stored-search-vector.md.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRES = [
    "ALTER TABLE learning_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS learning_searchdocument_vector ON learning_searchdocument "
    "USING gin (search_vector)",
    "DROP INDEX IF EXISTS learning_searchdocument_fts",
]
POSTGRES_BACK = [
    "CREATE INDEX IF NOT EXISTS learning_searchdocument_fts ON learning_searchdocument "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))",
    "DROP INDEX IF EXISTS learning_searchdocument_vector",
    "ALTER TABLE learning_searchdocument DROP COLUMN IF EXISTS search_vector",
]


def _forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES:
            schema_editor.execute(sql)


def _back(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_BACK:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("learning", "0002_full_text_indexes")]

    operations = [migrations.RunPython(_forward, _back, elidable=False)]
