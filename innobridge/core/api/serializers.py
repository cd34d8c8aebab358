from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innobridge.core.languages import canonical_language, canonical_language_keys
from innobridge.core.models import CooperationType, FocusArea, Sector, WorkArea
from innobridge.core.validators import is_storable_text


class TaxonomySerializer(serializers.ModelSerializer):
    """A taxonomy entry: its code, its name in the request's language, and all names."""

    name = serializers.SerializerMethodField()

    class Meta:
        fields = ["code", "name", "names"]

    def get_name(self, obj) -> str:
        return obj.label()


class SectorSerializer(TaxonomySerializer):
    class Meta(TaxonomySerializer.Meta):
        model = Sector


class WorkAreaSerializer(TaxonomySerializer):
    class Meta(TaxonomySerializer.Meta):
        model = WorkArea


class FocusAreaSerializer(TaxonomySerializer):
    class Meta(TaxonomySerializer.Meta):
        model = FocusArea


class CooperationTypeSerializer(TaxonomySerializer):
    class Meta(TaxonomySerializer.Meta):
        model = CooperationType


class PageURLField(serializers.URLField):
    """The absolute address of the object's page (its get_absolute_url, on the request's
    host), as the schema's `format: uri` promises."""

    def __init__(self, **kwargs) -> None:
        super().__init__(source="get_absolute_url", read_only=True, **kwargs)

    def to_representation(self, value: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request is not None else value


class OptionalURLField(serializers.URLField):
    """A link the model keeps as "" when there is none: null in the API, as the schema's
    `format: uri, nullable` says ("" is no URI)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value: str) -> str | None:
        return value or None


class CodeRelatedField(serializers.SlugRelatedField):
    """A taxonomy entry by its code. A code holding a NUL or a lone surrogate matches
    nothing and is refused before the look-up: PostgreSQL rejects such a string in a query
    (a 500 found by schemathesis on the organizations API)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and not is_storable_text(data):
            self.fail(
                "does_not_exist",
                slug_name=self.slug_field,
                value=data.encode("unicode_escape").decode("ascii"),
            )
        return super().to_internal_value(data)


class ContentLanguageField(serializers.CharField):
    """A content language given as any BCP 47 tag for it (`zh-Hans`, `zh-TW`, `vi-VN`),
    stored in its canonical code (`zh-hans`, `zh-hant`, `vi`)."""

    default_error_messages = {
        "unsupported": _(
            "“{value}” is not a language tag we keep; use one such as en, zh-Hans, zh-TW or vi."
        )
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault(
            "help_text", _("A BCP 47 language tag in any case, e.g. zh-Hans, zh-TW, vi-VN.")
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> str:
        value = super().to_internal_value(data)
        if not value:
            return value
        code = canonical_language(value)
        if code is None:
            self.fail("unsupported", value=value)
        return code


@extend_schema_field(
    {"type": "object", "additionalProperties": {"type": "string"},
     "example": {"en": "Mianyang Science City", "zh-Hant": "綿陽科技城"}}
)  # fmt: skip
class LanguageKeyedField(serializers.JSONField):
    """{language tag: text}, e.g. translated names, with the tags made canonical (`zh-TW`
    → `zh-hant`). The owning app passes its model's validator (`validators=[...]`), which
    names what is wrong with a key or a text."""

    def to_internal_value(self, data) -> object:
        return canonical_language_keys(super().to_internal_value(data))
