"""Keys issued before tokens expired (DRF's authtoken, stored in clear) become ApiTokens:
stored as hashes, expiring API_TOKEN_DAYS after this migration, so scripts keep working
until then. The old table is emptied: its keys no longer authenticate anything."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def carry_over(apps, schema_editor):
    try:
        Token = apps.get_model("authtoken", "Token")
    except LookupError:
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires_at = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    for old in Token.objects.all():
        ApiToken.objects.create(
            user_id=old.user_id,
            name="carried over",
            prefix=old.key[:8],
            key_hash=hashlib.sha256(old.key.encode()).hexdigest(),
            expires_at=expires_at,
        )
    Token.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_api_tokens"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
