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

# The words as ``to_tsvector('simple', …)`` gives them (sorted, distinct: byte order, which is
# the order of ``sorted()`` in Python, ``search.name_lexemes``) and each pair "a b" with a < b.
# PL/pgSQL: 4 µs a name where the same in one SQL statement took 9 µs (it cannot be inlined).
LEXEMES = """
CREATE OR REPLACE FUNCTION motcua_name_lexemes(name text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  words text[] := pg_catalog.tsvector_to_array(pg_catalog.to_tsvector('pg_catalog.simple', name));
  pairs text[] := '{}';
  n int := coalesce(pg_catalog.array_length(words, 1), 0);
BEGIN
  FOR i IN 1 .. n - 1 LOOP
    FOR j IN i + 1 .. n LOOP
      pairs := pairs || (words[i] || ' ' || words[j]);
    END LOOP;
  END LOOP;
  RETURN pg_catalog.to_tsvector('pg_catalog.simple', name) || pg_catalog.array_to_tsvector(pairs);
END
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
    # The planner's statistics of the new expression (how common each word and pair is):
    # without them it guesses, and autovacuum's next ANALYZE of a table of millions may be
    # weeks away.
    schema_editor.execute("ANALYZE dossiers_dossier")


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
