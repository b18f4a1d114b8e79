"""Search indexes on PostgreSQL: trigram (typos in brand and product names) and English
full-text. SQLite has neither and searches with LIKE, so there this migration does nothing.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalog_brand_name_en_trgm "
    "ON catalog_brand USING gin (name_en gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_product_name_en_trgm "
    "ON catalog_product USING gin (name_en gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_product_name_zh_trgm "
    "ON catalog_product USING gin (name_zh_hans gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalog_product_english_fts ON catalog_product USING gin "
    "((to_tsvector('english'::regconfig, COALESCE(name_en, '')) "
    "|| to_tsvector('english'::regconfig, COALESCE(description_en, ''))))",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS catalog_product_english_fts",
    "DROP INDEX IF EXISTS catalog_product_name_zh_trgm",
    "DROP INDEX IF EXISTS catalog_product_name_en_trgm",
    "DROP INDEX IF EXISTS catalog_brand_name_en_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_product_image_renditions")]

    operations = [migrations.RunPython(_run(POSTGRES_FORWARD), _run(POSTGRES_BACKWARD))]
