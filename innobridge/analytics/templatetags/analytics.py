"""The network position card other apps' pages show (the organization page)."""

from django import template

from innobridge.analytics import selectors

register = template.Library()

# The ego network's drawing: a square viewBox with the organization in the middle.
EGO_SIZE = 240
EGO_RADIUS = 90


@register.inclusion_tag("analytics/_position_card.html", takes_context=True)
def network_position(context, organization):
    """The organization's ranks, partners, countries reached, community and change since
    last year, in the viewer's edition of the network."""
    card = selectors.organization_position(user=context["request"].user, organization=organization)
    centre = EGO_SIZE / 2
    return {
        "card": card,
        "organization": organization,
        "size": EGO_SIZE,
        "centre": centre,
        "points": [
            (partner, centre + EGO_RADIUS * partner.x, centre + EGO_RADIUS * partner.y)
            for partner in (card.partners if card else [])
        ],
        "links": [
            (
                centre + EGO_RADIUS * a.x,
                centre + EGO_RADIUS * a.y,
                centre + EGO_RADIUS * b.x,
                centre + EGO_RADIUS * b.y,
            )
            for a, b in (card.partner_links if card else [])
        ],
    }
