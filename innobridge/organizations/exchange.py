"""Import and export of the member directory as CSV or XLSX, for the secretariat.

All or nothing, like every import: each bad row is named with its line and reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innobridge.accounts.permissions import is_secretariat
from innobridge.core.exchange import (
    Dataset,
    ImportReport,
    RowError,
    by_code,
    errors_from,
    import_rows,
    join_list,
    parse_date,
    parse_decimal,
    split_list,
)
from innobridge.core.languages import canonical_language
from innobridge.core.models import Sector
from innobridge.core.tabular import Row
from innobridge.core.text import fold_for_search
from innobridge.organizations.choices import MembershipStatus
from innobridge.organizations.models import Organization

NAME_COLUMNS = {
    "name_en": "en",
    "name_zh_hans": "zh-hans",
    "name_zh_hant": "zh-hant",
    "name_vi": "vi",
    "name_ru": "ru",
    "name_ar": "ar",
}
COLUMNS = [
    "id", "type", "name", "name_language", *NAME_COLUMNS, "short_name", "country", "region",
    "city", "latitude", "longitude", "sectors", "website", "description",
    "membership_status", "joined_on", "roles",
]  # fmt: skip
REQUIRED = ["type", "name", "country"]
TEXT_COLUMNS = ["type", "name", "short_name", "region", "city", "website", "description"]


def _parse(
    row: Row, sectors: dict[str, Sector]
) -> tuple[Organization, list[Sector], list[RowError]]:
    values = row.values
    errors: list[RowError] = []

    def attempt(column: str, parse) -> Any:
        try:
            return parse()
        except ValidationError as error:
            errors.extend(RowError(row.line, column, m) for m in error.messages)
            return None

    organization = Organization(**{column: values.get(column, "") for column in TEXT_COLUMNS})
    organization.country = values.get("country", "").upper()
    given_language = values.get("name_language", "").strip()
    organization.name_language = canonical_language(given_language) or given_language or "en"
    organization.translated_names = {
        code: values[column]
        for column, code in NAME_COLUMNS.items()
        if values.get(column) and code != organization.name_language
    }
    organization.latitude = attempt("latitude", lambda: parse_decimal(values.get("latitude", "")))
    organization.longitude = attempt(
        "longitude", lambda: parse_decimal(values.get("longitude", ""))
    )
    organization.joined_on = attempt("joined_on", lambda: parse_date(values.get("joined_on", "")))
    organization.membership_status = values.get("membership_status") or MembershipStatus.MEMBER
    organization.roles = split_list(values.get("roles", ""))
    codes = split_list(values.get("sectors", ""))
    unknown = [code for code in codes if code not in sectors]
    if unknown:
        errors.append(
            RowError(
                row.line, "sectors", _("Unknown codes: {codes}.").format(codes=", ".join(unknown))
            )
        )
    if row.extra_cells:
        errors.append(RowError(row.line, "", _("The row has more cells than the header.")))
    organization.refresh_search_text()
    try:
        organization.full_clean()
    except ValidationError as error:
        errors.extend(errors_from(row.line, error))
    return organization, [sectors[c] for c in codes if c in sectors], errors


@dataclass
class ImportContext:
    """Sectors by code, and the organizations seen so far in the file (name and country)."""

    sectors: dict[str, Sector]
    seen: dict[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> ImportContext:
        return cls(sectors=by_code(Sector))


Prepared = tuple[Organization, list[Sector]]


def _parse_row(row: Row, context: ImportContext) -> tuple[Prepared | None, list[RowError]]:
    """A row as an unsaved organization with its sectors; the same organization (folded
    name and country) twice in one file is an error on the second line."""
    organization, sectors, errors = _parse(row, context.sectors)
    key = (fold_for_search(organization.name), organization.country)
    if key in context.seen:
        errors.append(
            RowError(
                row.line,
                "name",
                _("The same organization is already on line {line}.").format(
                    line=context.seen[key]
                ),
            )
        )
    context.seen.setdefault(key, row.line)
    return (None if errors else (organization, sectors)), errors


def _write(prepared: list[Prepared], *, actor: Any) -> None:
    organizations = Organization.objects.bulk_create([o for o, _s in prepared])
    links = Organization.sectors.through
    links.objects.bulk_create(
        links(organization_id=o.pk, sector_id=s.pk) for o, ss in prepared for s in ss
    )
    Organization.history.bulk_history_create(
        organizations,
        default_user=actor,
        default_change_reason="import",
        default_date=timezone.now(),
    )


def organizations_import(*, rows: Iterable[Row], actor: Any) -> ImportReport:
    """Validate every row (including duplicates inside the file), then create all or none."""
    return import_rows(DATASET, rows=rows, actor=actor)


def organizations_export_rows(queryset) -> Iterable[list[Any]]:
    for organization in queryset.prefetch_related("sectors").order_by("pk"):
        names = organization.translated_names
        yield [
            organization.pk, organization.type, organization.name, organization.name_language,
            *(names.get(code, "") for code in NAME_COLUMNS.values()),
            organization.short_name, organization.country, organization.region,
            organization.city, organization.latitude, organization.longitude,
            join_list(s.code for s in organization.sectors.all()), organization.website,
            organization.description, organization.membership_status, organization.joined_on,
            join_list(organization.roles),
        ]  # fmt: skip


DATASET = Dataset(
    name="organizations",
    label=gettext_lazy("Organizations"),
    columns=COLUMNS,
    required=REQUIRED,
    load_context=ImportContext.load,
    parse=_parse_row,
    write=_write,
    export_queryset=Organization.objects.all,
    export_rows=organizations_export_rows,
    may_import=is_secretariat,
)
