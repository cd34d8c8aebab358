# Uploads named by their content and served after their owner's permission check (core/files.py).

import innobridge.agreements.models
import innobridge.core.files
import innobridge.core.uploads
from django.db import migrations

from innobridge.core.files import move_to_unguessable_names


def move_files(apps, schema_editor):
    """Files stored under the old, predictable names get unguessable ones."""
    move_to_unguessable_names(
        apps.get_model("agreements", "agreement"),
        "document",
        lambda agreement: "agreements/documents",
    )
    move_to_unguessable_names(
        apps.get_model("agreements", "milestone"),
        "evidence_file",
        lambda milestone: f"agreements/evidence/{milestone.agreement_id}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_document_pdf_only"),
    ]

    operations = [
        migrations.AlterField(
            model_name="agreement",
            name="document",
            field=innobridge.core.files.ProtectedFileField(
                blank=True,
                upload_to=innobridge.agreements.models.document_upload_path,
                validators=[innobridge.core.uploads.validate_pdf_upload],
                verbose_name="signed document (PDF)",
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="evidence_file",
            field=innobridge.core.files.ProtectedFileField(
                blank=True,
                upload_to=innobridge.agreements.models.evidence_upload_path,
                validators=[innobridge.core.uploads.validate_attachment_upload],
                verbose_name="evidence file",
            ),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
