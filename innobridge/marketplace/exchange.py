"""Import and export of listings as CSV or XLSX, for the secretariat.

An import validates every row first and writes all of them or none: a file with one bad
row imports nothing and names that row's line and the reason. Valid rows are written in
bulk (listings, their relations, status history and change log), so 10,000 rows take
seconds, not minutes (bench/import_listings.py measures it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innobridge.accounts.permissions import is_secretariat
from innobridge.core.countries import is_country_code
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
    parse_decimal,
    parse_int,
    split_list,
    unstorable_character_errors,
)
from innobridge.core.html import looks_like_html, sanitize_html, text_to_html
from innobridge.core.language_detection import detect_language
from innobridge.core.languages import canonical_language
from innobridge.core.models import CooperationType, Sector
from innobridge.core.tabular import Row
from innobridge.marketplace.choices import ListingStatus
from innobridge.marketplace.models import Listing, ListingCountry, ListingTransition
from innobridge.marketplace.services import listings_changed
from innobridge.organizations.selectors import OrganizationLookup

TEXT_COLUMNS = [
    "ref", "kind", "language", "title", "summary", "description", "stage", "ip_status",
    "resource_type", "location", "capacity", "access_terms", "programme_type",
    "eligibility", "call_type", "budget_currency",
]  # fmt: skip
DATE_COLUMNS = ["valid_until", "starts_on", "ends_on", "deadline"]
INT_COLUMNS = ["trl", "seats"]
DECIMAL_COLUMNS = ["budget_min", "budget_max"]
LIST_COLUMNS = ["keywords", "sectors", "cooperation_types", "target_countries"]
COLUMNS = [
    "id", "ref", "kind", "owner", "owner_name", "status", "language", "title", "summary",
    "description", "keywords", "sectors", "work_area", "stage", "trl", "ip_status",
    "cooperation_types", "target_countries", "valid_until", "resource_type", "location",
    "capacity", "access_terms", "programme_type", "starts_on", "ends_on", "seats",
    "eligibility", "call_type", "budget_min", "budget_max", "budget_currency", "deadline",
]  # fmt: skip
REQUIRED = ["kind", "owner", "title", "summary"]
IMPORTABLE_STATUSES = (ListingStatus.DRAFT, ListingStatus.PUBLISHED)
# Database-free validation: foreign keys are resolved from the lookups below instead.
EXCLUDED_FROM_MODEL_VALIDATION = ["owner", "work_area", "contact_person", "created_by"]


@dataclass
class Lookups:
    """Everything a row may refer to, loaded once for the whole file."""

    organizations: OrganizationLookup
    taxonomies: Taxonomies

    @classmethod
    def load(cls) -> Lookups:
        return cls(organizations=OrganizationLookup.load(), taxonomies=Taxonomies.load())


@dataclass
class PreparedListing:
    listing: Listing
    sectors: list[Sector] = field(default_factory=list)
    cooperation_types: list[CooperationType] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


# Django checks a CheckConstraint with one query per row; for 10,000 rows that is most of the
# import's time. These pairs are the constraints that field validators do not already cover,
# checked in Python with the constraint's own message (the database still enforces them).
ORDERED_PAIRS = {
    "listing_budget_range_ordered": ("budget_min", "budget_max"),
    "listing_programme_dates_ordered": ("starts_on", "ends_on"),
}


def _order_violations(listing: Listing) -> list[str]:
    messages = []
    for constraint in Listing._meta.constraints:
        low, high = ORDERED_PAIRS.get(constraint.name, (None, None))
        if low is None:
            continue
        low_value, high_value = getattr(listing, low), getattr(listing, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            messages.append(constraint.get_violation_error_message())
    return messages


def _parse(row: Row, lookups: Lookups) -> tuple[PreparedListing | None, list[RowError]]:
    """A row as an unsaved listing with its relations, or the reasons it is not valid."""
    errors: list[RowError] = []
    values = row.values
    fields: dict[str, Any] = {column: values.get(column, "") for column in TEXT_COLUMNS}
    fields["language"] = canonical_language(fields["language"]) or fields["language"].strip()
    prepared = PreparedListing(listing=Listing())

    def attempt(column: str, parse) -> Any:
        try:
            return parse()
        except ValidationError as error:
            errors.extend(RowError(row.line, column, m) for m in error.messages)
            return None

    for column in DATE_COLUMNS:
        fields[column] = attempt(column, lambda c=column: parse_date(values.get(c, "")))
    for column in INT_COLUMNS:
        fields[column] = attempt(column, lambda c=column: parse_int(values.get(c, "")))
    for column in DECIMAL_COLUMNS:
        fields[column] = attempt(column, lambda c=column: parse_decimal(values.get(c, "")))
    fields["keywords"] = split_list(values.get("keywords", ""))
    owner = attempt("owner", lambda: lookups.organizations.find(values.get("owner", "")))
    prepared.sectors = (
        attempt(
            "sectors",
            lambda: parse_codes(split_list(values.get("sectors", "")), lookups.taxonomies.sectors),
        )
        or []
    )
    prepared.cooperation_types = (
        attempt(
            "cooperation_types",
            lambda: parse_codes(
                split_list(values.get("cooperation_types", "")),
                lookups.taxonomies.cooperation_types,
            ),
        )
        or []
    )
    work_area = values.get("work_area", "")
    if work_area and work_area not in lookups.taxonomies.work_areas:
        errors.append(
            RowError(row.line, "work_area", _("Unknown work area “{code}”.").format(code=work_area))
        )
    countries = [code.upper() for code in split_list(values.get("target_countries", ""))]
    bad_countries = [code for code in countries if not is_country_code(code)]
    if bad_countries:
        errors.append(
            RowError(
                row.line,
                "target_countries",
                _("Not ISO 3166-1 alpha-2 codes: {codes}.").format(codes=", ".join(bad_countries)),
            )
        )
    prepared.countries = sorted(set(countries))
    status = values.get("status", "") or ListingStatus.PUBLISHED
    if status not in IMPORTABLE_STATUSES:
        errors.append(RowError(row.line, "status", _("Imported listings are draft or published.")))
    if row.extra_cells:
        errors.append(RowError(row.line, "", _("The row has more cells than the header.")))
    if fields["valid_until"] is None:
        fields.pop("valid_until")  # the model's default: a year from today

    listing = Listing(**{k: v for k, v in fields.items() if v is not None or k in DATE_COLUMNS})
    listing.owner = owner
    listing.work_area = lookups.taxonomies.work_areas.get(work_area)
    listing.status = status
    if listing.description and not looks_like_html(listing.description):
        listing.description = text_to_html(listing.description)
    listing.description = sanitize_html(listing.description)
    if not listing.language:
        listing.language = detect_language(f"{listing.title} {listing.summary}")
    listing.refresh_search_text()
    try:
        listing.full_clean(exclude=EXCLUDED_FROM_MODEL_VALIDATION, validate_constraints=False)
    except ValidationError as error:
        errors.extend(errors_from(row.line, error))
    errors.extend(RowError(row.line, "", message) for message in _order_violations(listing))
    prepared.listing = listing
    return (None if errors or owner is None else prepared), errors


@transaction.atomic
def _write(prepared: list[PreparedListing], *, actor: Any, is_demo: bool = False) -> None:
    now = timezone.now()
    listings = [item.listing for item in prepared]
    for listing in listings:
        listing.is_demo = is_demo
        listing.created_by = actor
        listing.status_changed_at = now
        if listing.status == ListingStatus.PUBLISHED:
            listing.published_at = now
    Listing.objects.bulk_create(listings, batch_size=500)
    sector_links = Listing.sectors.through
    cooperation_links = Listing.cooperation_types.through
    sector_links.objects.bulk_create(
        (
            sector_links(listing_id=i.listing.pk, sector_id=s.pk)
            for i in prepared
            for s in i.sectors
        ),
        batch_size=2000,
    )
    cooperation_links.objects.bulk_create(
        (
            cooperation_links(listing_id=i.listing.pk, cooperationtype_id=c.pk)
            for i in prepared
            for c in i.cooperation_types
        ),
        batch_size=2000,
    )
    ListingCountry.objects.bulk_create(
        (ListingCountry(listing_id=i.listing.pk, country=c) for i in prepared for c in i.countries),
        batch_size=2000,
    )
    ListingTransition.objects.bulk_create(
        (
            ListingTransition(
                listing_id=listing.pk,
                from_status=ListingStatus.DRAFT,
                to_status=listing.status,
                actor=actor,
                reason=_("Imported"),
            )
            for listing in listings
            if listing.status != ListingStatus.DRAFT
        ),
        batch_size=2000,
    )
    Listing.history.bulk_history_create(
        listings, default_user=actor, default_change_reason="import", default_date=now
    )
    listings_changed(
        [listing.pk for listing in listings if listing.status == ListingStatus.PUBLISHED]
    )


def listings_import(*, rows: Iterable[Row], actor: Any, is_demo: bool = False) -> ImportReport:
    """Validate every row, then create all listings in one transaction, or none."""
    return import_rows(DATASET, rows=rows, actor=actor, is_demo=is_demo)


def listings_export_rows(queryset) -> Iterable[list[Any]]:
    """One row per listing, in COLUMNS order; lists joined with "; "."""
    queryset = queryset.select_related("owner", "work_area").prefetch_related(
        "sectors", "cooperation_types", "target_countries"
    )
    for listing in queryset.order_by("pk").iterator(chunk_size=1000):
        yield [
            listing.pk, listing.ref, listing.kind, listing.owner_id, listing.owner.name,
            listing.status, listing.language, listing.title, listing.summary, listing.description,
            join_list(listing.keywords), join_list(s.code for s in listing.sectors.all()),
            listing.work_area.code if listing.work_area else "", listing.stage, listing.trl,
            listing.ip_status, join_list(c.code for c in listing.cooperation_types.all()),
            join_list(c.country for c in listing.target_countries.all()), listing.valid_until,
            listing.resource_type, listing.location, listing.capacity, listing.access_terms,
            listing.programme_type, listing.starts_on, listing.ends_on, listing.seats,
            listing.eligibility, listing.call_type, listing.budget_min, listing.budget_max,
            listing.budget_currency, listing.deadline,
        ]  # fmt: skip


@dataclass
class BulkLoadReport:
    """A bulk load keeps the good lines and names every rejected one."""

    published: int = 0
    held_for_moderation: int = 0
    drafts: int = 0
    rejected: list[RowError] = field(default_factory=list)
    listing_ids: list[int] = field(default_factory=list)


def listings_bulk_load(
    *, rows: Iterable[Row], actor: Any, draft: bool = False, batch_size: int = 2000
) -> BulkLoadReport:
    """Load many listings from another system: valid lines are written, bad ones reported.

    Lines are published unless `draft`; a line whose text trips the content checks is held
    in moderation instead (submitted), like any member's listing.
    """
    from innobridge.marketplace.services import content_flags

    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat loads listings in bulk."))
    lookups = Lookups.load()
    report = BulkLoadReport()
    batch: list[PreparedListing] = []

    def flush() -> None:
        if batch:
            _write(batch, actor=actor)
            report.listing_ids.extend(item.listing.pk for item in batch)
            batch.clear()

    for row in rows:
        errors = unstorable_character_errors(row)
        item = None
        if not errors:
            item, errors = _parse(row, lookups)
        if errors or item is None:
            report.rejected.extend(errors)
            continue
        listing = item.listing
        if draft:
            listing.status = ListingStatus.DRAFT
            report.drafts += 1
        else:
            listing.moderation_flags = content_flags(listing)
            if listing.moderation_flags:
                listing.status = ListingStatus.SUBMITTED
                report.held_for_moderation += 1
            else:
                report.published += 1
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    flush()
    return report


DATASET = Dataset(
    name="listings",
    label=gettext_lazy("Listings"),
    columns=COLUMNS,
    required=REQUIRED,
    load_context=Lookups.load,
    parse=_parse,
    write=_write,
    export_queryset=Listing.objects.all,
    export_rows=listings_export_rows,
    may_import=is_secretariat,
)
