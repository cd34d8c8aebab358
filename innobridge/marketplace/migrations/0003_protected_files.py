# Uploads named by their content and served after their owner's permission check (core/files.py).

import innobridge.core.files
import innobridge.marketplace.models
from django.db import migrations

from innobridge.core.files import move_to_unguessable_names


def move_files(apps, schema_editor):
    """Files stored under the old, predictable names get unguessable ones."""
    move_to_unguessable_names(
        apps.get_model("marketplace", "attachment"),
        "file",
        lambda attachment: f"listings/{attachment.listing_id}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0002_listing_ref"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=innobridge.core.files.ProtectedFileField(
                upload_to=innobridge.marketplace.models.attachment_upload_path, verbose_name="file"
            ),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
