"""Load the cooperation types from core/data/cooperation_types.json (upsert by code)."""

import json
from pathlib import Path

from django.db import migrations

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "cooperation_types.json"


def load(apps, schema_editor):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for model_name, entries in data.items():
        model = apps.get_model("core", model_name)
        for order, entry in enumerate(entries):
            model.objects.update_or_create(
                code=entry["code"], defaults={"names": entry["names"], "sort_order": order * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_cooperationtype_historicalcooperationtype")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
