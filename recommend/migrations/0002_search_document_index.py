"""A GIN index on the search words, on PostgreSQL only (SQLite matches them with LIKE).

The expression is the one Django writes for SearchVector("text", config="simple"), so that
the planner can use the index for the product search.
"""

from django.db import migrations

FORWARD = (
    "CREATE INDEX IF NOT EXISTS recommend_searchdocument_fts ON recommend_searchdocument "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(text, '')))"
)
BACKWARD = "DROP INDEX IF EXISTS recommend_searchdocument_fts"


def _run(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("recommend", "0001_neighbours_rankings_search")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
