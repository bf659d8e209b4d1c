"""The search by name matches the words of the folded name: on PostgreSQL a full-text
GIN index over its words (configuration "simple": the words as they are, already folded)
replaces the trigram index, whose lists of common trigrams ("ngu", "uye"…) grew with every
"Nguyễn" (docs/performance.md, "Search")."""

from django.db import migrations


def words_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS dossier_applicant_folded_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS dossier_applicant_words ON dossiers_dossier "
        "USING gin (to_tsvector('simple', applicant_folded))"
    )


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS dossier_applicant_words")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS dossier_applicant_folded_trgm ON dossiers_dossier "
        "USING gin (applicant_folded gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0009_register_export"),
    ]

    operations = [migrations.RunPython(words_index, trigram_index)]
