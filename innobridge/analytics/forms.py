"""The network's filters, for the dashboard page and the API alike."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innobridge.analytics.choices import Edition
from innobridge.analytics.selectors import GRAPH_NODES_MAX
from innobridge.core.countries import country_choices
from innobridge.core.forms import LabelledModelChoiceField
from innobridge.core.languages import current_language, language_name
from innobridge.core.models import Sector, WorkArea
from innobridge.organizations.choices import OrganizationType

DASHBOARD_NODES = 150


class YearForm(forms.Form):
    """Which year the dashboard's "year in figures" shows (last year by default)."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def chosen_year(self) -> int:
        default = timezone.localdate().year - 1
        if not self.is_bound or not self.is_valid():
            return default
        return self.cleaned_data.get("year") or default


class NetworkFilterForm(forms.Form):
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=1900, max_value=2100
    )
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1900, max_value=2100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    sector = LabelledModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="code", required=False
    )
    work_area = LabelledModelChoiceField(
        label=_("Work area"), queryset=WorkArea.objects.all(), to_field_name="code", required=False
    )
    limit = forms.IntegerField(
        label=_("Members shown"), required=False, min_value=1, max_value=GRAPH_NODES_MAX
    )

    def __init__(self, *args, default_limit: int = DASHBOARD_NODES, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.default_limit = default_limit
        self.fields["country"].choices = [("", _("Any country")), *country_choices()]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("year_from"), cleaned.get("year_to")
        if low is not None and high is not None and low > high:
            self.add_error("year_to", _("The last year cannot come before the first."))
        return cleaned

    def selector_filters(self) -> dict:
        """The valid filters as selectors.network_graph takes them."""
        data = self.cleaned_data
        return {
            "year_from": data.get("year_from"),
            "year_to": data.get("year_to"),
            "country": data.get("country") or "",
            "sector": data["sector"].code if data.get("sector") else "",
            "work_area": data["work_area"].code if data.get("work_area") else "",
            "limit": data.get("limit") or self.default_limit,
        }


class ReportForm(forms.Form):
    """The secretariat's request for an annual report."""

    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    language = forms.ChoiceField(label=_("Language"))
    edition = forms.ChoiceField(label=_("Edition"), choices=Edition.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, language_name(code, current_language())) for code, _name in settings.LANGUAGES
        ]
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["language"].initial = current_language()


class PositionFilterForm(forms.Form):
    """The secretariat's table of members' positions: which members, in which order."""

    ORDERS = [
        ("pagerank", _("Rank by PageRank")),
        ("degree", _("Rank by partners")),
        ("betweenness", _("Rank by betweenness")),
        ("strength", _("Tie strength")),
        ("coreness", _("k-core")),
        ("cross_border", _("Cross-border share")),
    ]

    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False)
    community = forms.IntegerField(label=_("Community"), required=False, min_value=0)
    order = forms.ChoiceField(label=_("Sort by"), required=False, choices=ORDERS)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *country_choices()]
        self.fields["kind"].choices = [("", _("Any type")), *OrganizationType.choices]

    def selector_filters(self) -> dict:
        """The valid filters as selectors.member_positions takes them."""
        data = self.cleaned_data if self.is_bound else {}
        return {
            "country": data.get("country") or "",
            "kind": data.get("kind") or "",
            "community": data.get("community"),
            "order": data.get("order") or "pagerank",
        }
