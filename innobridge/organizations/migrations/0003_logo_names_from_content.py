"""Logos are named by their content: a PNG uploaded as `x.html` was kept as `.html`, which a
web server serving /media/ would send as a page. Stored logos get a name with their
content's extension."""

import innobridge.core.files
import innobridge.core.uploads
import innobridge.organizations.models
from django.db import migrations

from innobridge.core.files import move_to_unguessable_names


def move_logos(apps, schema_editor):
    move_to_unguessable_names(
        apps.get_model("organizations", "organization"),
        "logo",
        lambda organization: f"logos/{organization.country or 'xx'}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_historicalorganization_publishes_without_review_and_more"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organization",
            name="logo",
            field=innobridge.core.files.SafeImageField(
                blank=True,
                upload_to=innobridge.organizations.models.logo_upload_path,
                validators=[innobridge.core.uploads.validate_image_upload],
                verbose_name="logo",
            ),
        ),
        migrations.RunPython(move_logos, migrations.RunPython.noop),
    ]
