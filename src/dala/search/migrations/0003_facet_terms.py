"""Facet terms in the index, and document ids by kind.

Each document's id becomes its kind's base plus the object's id (``dala.search.services.document_id``), so
that the documents of a kind are one rowid range of the SQLite FTS5 table, which a query restricts itself
to; and the FTS5 table gets a fourth column, ``facets``. The index is emptied: run `dala search reindex`
(`make run` does, for the kinds whose rows are missing)."""

from django.db import migrations, models

SQLITE_DROP = ["DROP TABLE IF EXISTS search_vocab", "DROP TRIGGER IF EXISTS search_fts_update",
               "DROP TRIGGER IF EXISTS search_fts_delete", "DROP TRIGGER IF EXISTS search_fts_insert",
               "DROP TABLE IF EXISTS search_fts"]
COLUMNS = "title, body, keys, facets"
SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        {COLUMNS}, content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')""",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.id, new.title, new.body, new.keys, new.facets);
    END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title, old.body, old.keys, old.facets);
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title, old.body, old.keys, old.facets);
        INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.id, new.title, new.body, new.keys, new.facets);
    END""",
    "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row')",
]


def forwards(apps, schema_editor):
    sqlite = schema_editor.connection.vendor == "sqlite"
    for statement in SQLITE_DROP if sqlite else []:
        schema_editor.execute(statement)
    schema_editor.execute("DELETE FROM search_searchdocument")  # new ids: rebuilt by `dala search reindex`
    for statement in SQLITE_CREATE if sqlite else []:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_colours")]

    operations = [
        migrations.AddField(
            model_name="searchdocument", name="facets",
            field=models.TextField(blank=True, default="", verbose_name="facet terms",
                                   help_text="Terms of a work's filter values (medium, availability, place…), so "
                                             "that the engine filters while it matches."),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
