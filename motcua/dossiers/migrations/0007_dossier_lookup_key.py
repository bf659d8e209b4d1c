import motcua.dossiers.lookupkey
from django.db import migrations, models


def _one_key_each(apps, schema_editor):
    # AddField gives every existing row the same default: draw one per dossier.
    Dossier = apps.get_model("dossiers", "Dossier")
    batch = []
    for dossier in Dossier.objects.only("pk").iterator(chunk_size=2000):
        dossier.lookup_key = motcua.dossiers.lookupkey.new_lookup_key()
        batch.append(dossier)
        if len(batch) >= 2000:
            Dossier.objects.bulk_update(batch, ["lookup_key"])
            batch = []
    if batch:
        Dossier.objects.bulk_update(batch, ["lookup_key"])


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0006_dossier_applicant_folded_input_limits'),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='lookup_key',
            field=models.CharField(default=motcua.dossiers.lookupkey.new_lookup_key, max_length=6, verbose_name='mã tra cứu'),
        ),
        migrations.RunPython(_one_key_each, migrations.RunPython.noop),
    ]
