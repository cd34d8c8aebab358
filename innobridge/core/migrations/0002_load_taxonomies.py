"""Load the taxonomies (sectors, work areas, focus areas) from core/data/taxonomies.json.

An upsert by code: it adds missing entries and refreshes names, and never deletes, so the
secretariat's own additions survive. A later change to the file comes with a new migration
that calls the same function.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "taxonomies.json"


def load_taxonomies(apps, schema_editor):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for model_name, entries in data.items():
        model = apps.get_model("core", model_name)
        for order, entry in enumerate(entries):
            model.objects.update_or_create(
                code=entry["code"], defaults={"names": entry["names"], "sort_order": order * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load_taxonomies, migrations.RunPython.noop)]
