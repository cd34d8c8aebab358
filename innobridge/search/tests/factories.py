import factory

from innobridge.marketplace.choices import ListingKind
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.search.models import MatchSuggestion


class MatchSuggestionFactory(factory.django.DjangoModelFactory):
    """A new suggestion: a published need of another organization for a published offer."""

    class Meta:
        model = MatchSuggestion

    listing = factory.SubFactory(ListingFactory)
    candidate = factory.SubFactory(ListingFactory, kind=ListingKind.NEED)
    score = 0.8
