from django.db import migrations, models

SQLITE = [
    # External-content FTS5 over the document rows; unicode61 without its own diacritic folding, since
    # the text arrives folded already. Prefix indexes make suggestions (a word's first letters) cheap.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, keys, content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body, keys) VALUES (new.id, new.title, new.body, new.keys);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, keys)
        VALUES ('delete', old.id, old.title, old.body, old.keys);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body, keys)
        VALUES ('delete', old.id, old.title, old.body, old.keys);
        INSERT INTO search_fts(rowid, title, body, keys) VALUES (new.id, new.title, new.body, new.keys);
    END""",
    "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS search_vocab", "DROP TRIGGER IF EXISTS search_fts_update",
                  "DROP TRIGGER IF EXISTS search_fts_delete", "DROP TRIGGER IF EXISTS search_fts_insert",
                  "DROP TABLE IF EXISTS search_fts"]

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # The text is normalised in Python, so the 'simple' configuration only splits it into words.
    """ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', keys), 'B')
        || setweight(to_tsvector('simple', body), 'C')) STORED""",
    "CREATE INDEX search_document_vector ON search_searchdocument USING GIN (vector)",
    "CREATE INDEX search_document_keys_trgm ON search_searchdocument USING GIN (keys gin_trgm_ops)",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS search_document_keys_trgm", "DROP INDEX IF EXISTS search_document_vector",
                    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("artwork", "Work"), ("artist", "Artist"),
                                                   ("exhibition", "Exhibition"), ("review", "Review")],
                                          max_length=10, verbose_name="kind")),
                ("object_id", models.BigIntegerField(verbose_name="object id")),
                ("title", models.TextField(blank=True, help_text="Normalised; weighs most in the ranking.",
                                           verbose_name="names and titles")),
                ("body", models.TextField(blank=True, help_text="Normalised descriptions, subjects, medium, place.",
                                          verbose_name="other text")),
                ("keys", models.TextField(blank=True, help_text="The sound-alike keys of the names and titles, "
                                                                "so that spellings meet.",
                                          verbose_name="spelling keys")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="indexed")),
            ],
            options={"verbose_name": "search document", "verbose_name_plural": "search documents",
                     "constraints": [models.UniqueConstraint(fields=("kind", "object_id"),
                                                             name="search_document_unique")]},
        ),
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                             _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE})),
    ]
