# Uploads named by their content and served after their owner's permission check (core/files.py).

import innobridge.core.files
import innobridge.core.uploads
import innobridge.news.models
from django.db import migrations

from innobridge.core.files import move_to_unguessable_names


def move_files(apps, schema_editor):
    """Files stored under the old, predictable names get unguessable ones."""
    move_to_unguessable_names(
        apps.get_model("news", "article"), "cover_image", lambda article: "news/covers"
    )
    move_to_unguessable_names(
        apps.get_model("news", "document"), "file", lambda document: "news/documents"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_document_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="cover_image",
            field=innobridge.core.files.ProtectedImageField(
                blank=True,
                upload_to=innobridge.news.models.cover_upload_path,
                validators=[innobridge.core.uploads.validate_image_upload],
                verbose_name="cover image",
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="file",
            field=innobridge.core.files.ProtectedFileField(
                upload_to=innobridge.news.models.document_upload_path,
                validators=[innobridge.core.uploads.validate_pdf_upload],
                verbose_name="PDF file",
            ),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
