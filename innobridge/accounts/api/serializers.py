from __future__ import annotations

from rest_framework import serializers

from innobridge.accounts.models import ApiToken


class IssuedTokenSerializer(serializers.Serializer):
    """The answer to a sign-in: the key, shown this once, and when it expires."""

    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    id = serializers.IntegerField()
    expires_at = serializers.DateTimeField()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="The e-mail address.")
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="What the key is for."
    )


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.EmailField(source="user.email", read_only=True)
    is_active = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = [
            "id", "name", "prefix", "user", "created_at", "expires_at", "last_used_at",
            "revoked_at", "is_active",
        ]  # fmt: skip
        read_only_fields = fields

    def get_is_active(self, token: ApiToken) -> bool:
        from django.utils import timezone

        return token.revoked_at is None and token.expires_at > timezone.now()
