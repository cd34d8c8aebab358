"""Import and export of agreements as CSV or XLSX, one agreement a row.

An import is all or nothing: every row is checked first (each bad cell reported with its
spreadsheet line), then every agreement is recorded through services.agreement_create in one
transaction. Parties are a list of organizations (by id or any of their names) with an
aligned list of roles; the secretariat's import records every party as confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innobridge.accounts.permissions import is_secretariat
from innobridge.agreements.choices import AgreementType, PartyRole
from innobridge.agreements.models import Agreement
from innobridge.agreements.selectors import progress_percent, with_health, with_list_relations
from innobridge.agreements.services import PartyInput, agreement_create, validate_parties
from innobridge.core.exchange import (
    Dataset,
    ImportReport,
    RowError,
    Taxonomies,
    errors_from,
    import_rows,
    join_list,
    parse_codes,
    parse_date,
    split_list,
)
from innobridge.core.languages import canonical_language
from innobridge.core.models import FocusArea, Sector, WorkArea
from innobridge.core.tabular import Row
from innobridge.organizations.selectors import OrganizationLookup

REQUIRED_COLUMNS = ["title", "type", "parties"]
TEXT_COLUMNS = ["title", "language", "status", "visibility", "signed_place", "signed_at_event",
                "summary"]  # fmt: skip
DATE_COLUMNS = ["signed_on", "starts_on", "ends_on"]
LIST_COLUMNS = ["party_roles", "sectors", "work_areas", "focus_areas", "stages"]
IMPORT_COLUMNS = [*REQUIRED_COLUMNS, *TEXT_COLUMNS[1:], *DATE_COLUMNS, *LIST_COLUMNS]
# Every import column plus read-only ones (ignored on import), so an export can be re-imported.
EXPORT_COLUMNS = ["id", "title", "language", "type", "status", "visibility", "health",
                  "progress_percent", "confirmed", "signed_on", "signed_place", "signed_at_event",
                  "starts_on", "ends_on", "parties", "party_roles", "party_countries", "sectors",
                  "work_areas", "focus_areas", "stages", "summary"]  # fmt: skip


@dataclass
class PreparedAgreement:
    data: dict[str, Any]
    parties: list[PartyInput]
    sectors: list[Sector] = field(default_factory=list)
    work_areas: list[WorkArea] = field(default_factory=list)
    focus_areas: list[FocusArea] = field(default_factory=list)


@dataclass
class ImportContext:
    """Everything a row may refer to, loaded once for the whole file."""

    organizations: OrganizationLookup
    taxonomies: Taxonomies

    @classmethod
    def load(cls) -> ImportContext:
        return cls(organizations=OrganizationLookup.load(), taxonomies=Taxonomies.load())


def _parties(values: dict[str, str], organizations: OrganizationLookup) -> list[PartyInput]:
    names = split_list(values.get("parties", ""))
    roles = split_list(values.get("party_roles", ""))
    if roles and len(roles) != len(names):
        raise ValidationError(
            _("{roles} roles given for {parties} parties; give one role per party.").format(
                roles=len(roles), parties=len(names)
            )
        )
    unknown_roles = [role for role in roles if role not in PartyRole.values]
    if unknown_roles:
        raise ValidationError(
            _("Unknown roles: {roles}. Known: {known}.").format(
                roles=", ".join(unknown_roles), known=", ".join(PartyRole.values)
            )
        )
    messages, parties = [], []
    for index, name in enumerate(names):
        try:
            organization = organizations.find(name)
        except ValidationError as error:
            messages.extend(error.messages)
            continue
        parties.append(PartyInput(organization, roles[index] if roles else PartyRole.PARTNER))
    if messages:
        raise ValidationError(messages)
    validate_parties(parties)
    return parties


def _parse(row: Row, context: ImportContext) -> tuple[PreparedAgreement | None, list[RowError]]:
    errors: list[RowError] = []
    values = row.values

    def attempt(column: str, parse) -> Any:
        try:
            return parse()
        except ValidationError as error:
            errors.extend(RowError(row.line, column, m) for m in error.messages)
            return None

    data: dict[str, Any] = {c: values.get(c, "").strip() for c in TEXT_COLUMNS if values.get(c)}
    if data.get("language"):
        data["language"] = canonical_language(data["language"]) or data["language"]
    data["agreement_type"] = values.get("type", "").strip()
    if data["agreement_type"] not in AgreementType.values:
        errors.append(
            RowError(
                row.line,
                "type",
                _("Unknown type “{value}”. Known: {known}.").format(
                    value=data["agreement_type"], known=", ".join(AgreementType.values)
                ),
            )
        )
    for column in DATE_COLUMNS:
        data[column] = attempt(column, lambda c=column: parse_date(values.get(c, "")))
    data["stages"] = split_list(values.get("stages", ""))
    parties = attempt("parties", lambda: _parties(values, context.organizations))
    sectors = attempt(
        "sectors",
        lambda: parse_codes(split_list(values.get("sectors", "")), context.taxonomies.sectors),
    )
    work_areas = attempt(
        "work_areas",
        lambda: parse_codes(
            split_list(values.get("work_areas", "")), context.taxonomies.work_areas
        ),
    )
    focus_areas = attempt(
        "focus_areas",
        lambda: parse_codes(
            split_list(values.get("focus_areas", "")), context.taxonomies.focus_areas
        ),
    )
    if errors:
        return None, errors
    try:
        Agreement(**data).full_clean()
    except ValidationError as error:
        return None, errors_from(row.line, error)
    return PreparedAgreement(data, parties, sectors, work_areas, focus_areas), []


def agreements_import(*, rows: Iterable[Row], actor: Any, is_demo: bool = False) -> ImportReport:
    """Validate every row, then record all agreements in one transaction, or none."""
    return import_rows(DATASET, rows=rows, actor=actor, is_demo=is_demo)


def _write(prepared: list[PreparedAgreement], *, actor: Any, is_demo: bool = False) -> None:
    for item in prepared:
        agreement_create(
            actor=actor,
            data={**item.data, "is_demo": is_demo},
            parties=item.parties,
            sectors=item.sectors,
            work_areas=item.work_areas,
            focus_areas=item.focus_areas,
            confirm_all=True,
        )


def export_queryset(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """What an export row needs, in a fixed number of queries."""
    return with_list_relations(with_health(queryset)).prefetch_related("work_areas", "focus_areas")


def agreements_export_rows(queryset: QuerySet[Agreement]) -> Iterable[list[Any]]:
    """Rows in EXPORT_COLUMNS order, of a queryset prepared by export_queryset."""
    for agreement in queryset:
        parties = list(agreement.parties.all())
        yield [
            agreement.pk,
            agreement.title,
            agreement.language,
            agreement.agreement_type,
            agreement.status,
            agreement.visibility,
            agreement.health,
            progress_percent(agreement.milestones_planned, agreement.milestones_done),
            all(party.is_confirmed for party in parties),
            agreement.signed_on,
            agreement.signed_place,
            agreement.signed_at.name if agreement.signed_at_id else agreement.signed_at_event,
            agreement.starts_on,
            agreement.ends_on,
            join_list(party.organization.name for party in parties),
            join_list(party.role for party in parties),
            join_list(party.organization.country for party in parties),
            join_list(sector.code for sector in agreement.sectors.all()),
            join_list(area.code for area in agreement.work_areas.all()),
            join_list(area.code for area in agreement.focus_areas.all()),
            join_list(agreement.stages),
            agreement.summary,
        ]


DATASET = Dataset(
    name="agreements",
    label=gettext_lazy("Agreements"),
    columns=EXPORT_COLUMNS,
    required=REQUIRED_COLUMNS,
    load_context=ImportContext.load,
    parse=_parse,
    write=_write,
    export_queryset=lambda: export_queryset(Agreement.objects.all()),
    export_rows=agreements_export_rows,
    may_import=is_secretariat,
)
