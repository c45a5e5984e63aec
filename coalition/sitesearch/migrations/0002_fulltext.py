"""The full-text index, which depends on the database: an FTS5 table kept in step by
triggers on SQLite; a stored weighted tsvector column with a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE sitesearch_fts USING fts5(
        title, body, content='sitesearch_document', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER sitesearch_fts_insert AFTER INSERT ON sitesearch_document BEGIN
        INSERT INTO sitesearch_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER sitesearch_fts_delete AFTER DELETE ON sitesearch_document BEGIN
        INSERT INTO sitesearch_fts(sitesearch_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER sitesearch_fts_update AFTER UPDATE OF title, body ON sitesearch_document
    BEGIN
        INSERT INTO sitesearch_fts(sitesearch_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO sitesearch_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS sitesearch_fts_update",
    "DROP TRIGGER IF EXISTS sitesearch_fts_delete",
    "DROP TRIGGER IF EXISTS sitesearch_fts_insert",
    "DROP TABLE IF EXISTS sitesearch_fts",
]
POSTGRES = [
    """ALTER TABLE sitesearch_document ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
            setweight(to_tsvector('english'::regconfig, left(coalesce(body, ''), 100000)), 'B')
        ) STORED""",
    "CREATE INDEX sitesearch_document_search ON sitesearch_document USING GIN (search_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS sitesearch_document_search",
    "ALTER TABLE sitesearch_document DROP COLUMN IF EXISTS search_vector",
]


def run(statements):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
