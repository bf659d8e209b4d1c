"""Ship the national portal's step limits (refuse 2, ask for more 5, handle 15, publish 2
working days: 766 indicator 5.2, LAW.md §3) as editable rows, from data/limits.csv."""

import csv
from pathlib import Path

from django.db import migrations

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "limits.csv"


def load(apps, schema_editor):
    HandlingLimit = apps.get_model("feedback", "HandlingLimit")
    with open(SHIPPED, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            HandlingLimit.objects.get_or_create(
                kind=row["kind"],
                defaults={"working_days": int(row["working_days"]), "source": row["source"]},
            )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_feedback")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
