"""PostgreSQL only: a trigram index on the folded search column of current versions, so that
`search_text LIKE '%word%'` uses an index. Skipped (search still works, by a scan) on SQLite
and where the pg_trgm extension cannot be created."""

from django.db import DatabaseError, migrations, transaction

INDEX = "catalog_ver_search_trgm"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return  # no privilege or extension not installed: keep the sequential scan
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_procedureversion "
        "USING gin (search_text gin_trgm_ops) WHERE is_current"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
