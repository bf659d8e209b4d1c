"""The folded applicant name for the diacritics-insensitive search, and the indexes the
officer pages are shaped for at millions of dossiers (docs/performance.md).

On PostgreSQL the folded name gets a trigram GIN index (pg_trgm), so ``LIKE '%…%'`` on it
is an index scan; SQLite keeps a plain scan (small databases)."""

from django.db import migrations, models
from django.db.models import Q

BATCH = 2000

OPEN = ["received", "in_process", "supplement_requested", "awaiting_payment"]
PIPELINE = [*OPEN, "processed", "refused"]


def fill_folded(apps, schema_editor):
    from motcua.core.text import fold

    Dossier = apps.get_model("dossiers", "Dossier")
    last = 0
    while True:
        batch = list(Dossier.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        for d in batch:
            d.applicant_folded = fold(d.applicant_name or "")
        Dossier.objects.bulk_update(batch, ["applicant_folded"])
        last = batch[-1].pk


TRGM = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS dossier_applicant_folded_trgm ON dossiers_dossier "
    "USING gin (applicant_folded gin_trgm_ops)",
)


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in TRGM:
        schema_editor.execute(sql)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS dossier_applicant_folded_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0005_dossier_submission_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="applicant_folded",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fill_folded, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
