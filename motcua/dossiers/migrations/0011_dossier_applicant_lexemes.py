"""The search by name on PostgreSQL: a GIN index over the folded name's words *and* each pair
of its distinct words ("bao hoai", "bao nguyen", …: ``motcua_name_lexemes``), which replaces
the index over the words alone. A full name whose words are all common ("nguyen hoai bao
thanh": every word in 6–38 % of the names) made GIN intersect lists of hundreds of
thousands of entries, 80–110 ms at ten million dossiers; the list of a pair is about the
product of the two shares, and GIN walks the rarest list of the query: 9 ms → 0.7 ms at a
million (docs/performance.md, "Search").

Built ``CONCURRENTLY`` (the migration is not atomic), so that a province's database keeps
taking dossiers while the index is built (a few minutes at ten million)."""

from django.db import migrations

LEXEMES = """
CREATE OR REPLACE FUNCTION motcua_name_lexemes(name text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT pg_catalog.to_tsvector('pg_catalog.simple', name)
      || pg_catalog.array_to_tsvector(ARRAY(
           SELECT a || ' ' || b
           FROM pg_catalog.unnest(pg_catalog.tsvector_to_array(
                  pg_catalog.to_tsvector('pg_catalog.simple', name))) AS a,
                pg_catalog.unnest(pg_catalog.tsvector_to_array(
                  pg_catalog.to_tsvector('pg_catalog.simple', name))) AS b
           WHERE a < b))
$$
"""


def lexemes_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(LEXEMES)
    schema_editor.execute(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS dossier_applicant_lexemes ON dossiers_dossier "
        "USING gin (motcua_name_lexemes(applicant_folded))"
    )
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS dossier_applicant_words")


def words_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS dossier_applicant_words ON dossiers_dossier "
        "USING gin (to_tsvector('simple', applicant_folded))"
    )
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS dossier_applicant_lexemes")
    schema_editor.execute("DROP FUNCTION IF EXISTS motcua_name_lexemes(text)")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("dossiers", "0010_dossier_applicant_words"),
    ]

    operations = [migrations.RunPython(lexemes_index, words_index)]
