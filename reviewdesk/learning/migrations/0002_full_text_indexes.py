"""The full-text side of the similar-reviews index, on each database in its own way.

PostgreSQL: an expression GIN index on ``to_tsvector('english', text)`` (what the search's
``SearchVector`` compiles to) and a trigram GIN index for the fallback (pg_trgm). SQLite: an
external-content FTS5 table over ``learning_searchdocument`` (porter stemming), kept in step by
triggers, so the index is never stale whatever writes the rows.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS learning_searchdocument_fts USING fts5("
    "text, content='learning_searchdocument', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS learning_searchdocument_ai AFTER INSERT ON "
    "learning_searchdocument BEGIN INSERT INTO learning_searchdocument_fts(rowid, text) "
    "VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS learning_searchdocument_ad AFTER DELETE ON "
    "learning_searchdocument BEGIN INSERT INTO learning_searchdocument_fts("
    "learning_searchdocument_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS learning_searchdocument_au AFTER UPDATE ON "
    "learning_searchdocument BEGIN INSERT INTO learning_searchdocument_fts("
    "learning_searchdocument_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO learning_searchdocument_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS learning_searchdocument_au",
    "DROP TRIGGER IF EXISTS learning_searchdocument_ad",
    "DROP TRIGGER IF EXISTS learning_searchdocument_ai",
    "DROP TABLE IF EXISTS learning_searchdocument_fts",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS learning_searchdocument_fts ON learning_searchdocument "
    "USING gin (to_tsvector('english'::regconfig, COALESCE(text, '')))",
    "CREATE INDEX IF NOT EXISTS learning_searchdocument_trgm ON learning_searchdocument "
    "USING gin (text gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS learning_searchdocument_trgm",
    "DROP INDEX IF EXISTS learning_searchdocument_fts",
]


def _create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in SQLITE if vendor == "sqlite" else POSTGRES if vendor == "postgresql" else []:
        schema_editor.execute(sql)


def _drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in (SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP
                if vendor == "postgresql" else []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_search_index")]

    operations = [migrations.RunPython(_create, _drop, elidable=False)]
