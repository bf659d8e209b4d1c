"""Procedure.search_text (the folded name used by the search) and its backfill."""

from typing import Any

from django.db import migrations, models

from motcua.core.text import fold


def backfill_search_text(apps: Any, schema_editor: Any) -> None:
    # Historical models have no custom save(): set the column explicitly, in batches.
    Procedure = apps.get_model("procedures", "Procedure")
    batch = []
    for procedure in Procedure.objects.only("pk", "name").iterator(chunk_size=500):
        procedure.search_text = fold(procedure.name)
        batch.append(procedure)
        if len(batch) == 500:
            Procedure.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Procedure.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="procedure",
            name="search_text",
            field=models.CharField(blank=True, default="", editable=False, max_length=500),
        ),
        migrations.RunPython(backfill_search_text, migrations.RunPython.noop),
    ]
