"""Who may do what: every page, every API operation and every protected file, and the answer
each role gets. `tests/test_permission_matrix.py` asks them all and compares.

The five roles are the columns of `Expect`, always in this order:

    visitor      not signed in
    other        a member editor of another organization, a stranger to every object
    owner        a member editor of the owning organization: it owns the listings, is a party
                 to the agreement, organizes the event (and its editor is registered for it,
                 and asked for the meeting), is named by the article
    secretariat  the alliance's secretariat (staff, not a Django superuser)
    site_admin   a site administrator (Django superuser)

An answer is named by what its status says to the person who asked:

    ok        2xx
    login     sign in first: a page's redirect to a sign-in page, the API's 401
    deny      403: signed in, and not allowed
    hidden    404: not allowed, and not told the object exists (or none for this role)
    redirect  another 3xx: done, with the outcome as a message, or sent elsewhere
    bad       400: allowed to try, and the input was refused (writes send an empty body, or
              the smallest valid one where the input is checked before the writer)
    method    405
    conflict  409: allowed, and refused because other records depend on the object

A row that is known to be wrong (what the code answers today is not what the row says) is
listed in KNOWN_WRONG with the reason: the test expects it to fail, and fails the day it is
fixed, so that the entry is removed.
"""

from __future__ import annotations

from typing import NamedTuple

OK = "ok"
LOGIN = "login"
DENY = "deny"
HIDDEN = "hidden"
REDIRECT = "redirect"
BAD = "bad"
METHOD = "method"
CONFLICT = "conflict"


class Expect(NamedTuple):
    visitor: str
    other: str
    owner: str
    secretariat: str
    site_admin: str


ROLES = Expect._fields
SIGNED_IN_ROLES = ROLES[1:]


def everyone(answer: str) -> Expect:
    return Expect(answer, answer, answer, answer, answer)


def signed_in(answer: str) -> Expect:
    """Visitors are asked to sign in; everyone signed in gets `answer`."""
    return Expect(LOGIN, answer, answer, answer, answer)


PUBLIC = everyone(OK)
SIGNED_IN = signed_in(OK)
MEMBERS_ONLY = Expect(HIDDEN, OK, OK, OK, OK)
OWNER_OR_SECRETARIAT = Expect(LOGIN, DENY, OK, OK, OK)
SECRETARIAT_ONLY = Expect(LOGIN, DENY, DENY, OK, OK)
# The owner's editor as a participant of the event: the secretariat is not registered.
PARTICIPANT_ONLY = Expect(LOGIN, DENY, OK, DENY, DENY)
# A page that takes only POST, behind sign-in: GET shows nothing but the method.
POST_ONLY = signed_in(METHOD)
# Done (a redirect with a message) for the owner and the secretariat.
OWNER_OR_SECRETARIAT_DONE = Expect(LOGIN, DENY, REDIRECT, REDIRECT, REDIRECT)
SECRETARIAT_ONLY_DONE = Expect(LOGIN, DENY, DENY, REDIRECT, REDIRECT)

# --- Pages: GET, every URL pattern outside the admin and the API's operations ---------------
# Keyed by the pattern's name, or by its route where it has none or shares it.

PAGES: dict[str, Expect] = {
    # Project level
    "healthz": PUBLIC,
    "readyz": PUBLIC,
    "set_language": everyone(REDIRECT),
    "home": PUBLIC,
    "exchange": SECRETARIAT_ONLY,
    "export": SECRETARIAT_ONLY,
    "system-status": SECRETARIAT_ONLY,
    "media": PUBLIC,  # logos only; every other path under /media/ is 404
    # The API's own pages (not operations of its schema)
    "api-root": PUBLIC,
    "api-schema": PUBLIC,
    "api-docs": PUBLIC,
    # Accounts
    "accounts:login": Expect(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "accounts:logout": everyone(METHOD),  # by POST only
    "accounts:preferences": SIGNED_IN,
    "accounts:my-data": SIGNED_IN,
    "accounts:erase": SIGNED_IN,
    "notifications:list": SIGNED_IN,
    "notifications:mark-read": POST_ONLY,
    # The member directory
    "organizations:directory": PUBLIC,
    "organizations:detail": PUBLIC,
    "organizations:edit": OWNER_OR_SECRETARIAT,
    "organizations:history": SECRETARIAT_ONLY,
    "organizations:apply": Expect(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "organizations:apply-sent": PUBLIC,
    "organizations:apply-confirm": everyone(BAD),  # a link we never sent
    "organizations:applications": SECRETARIAT_ONLY,
    "organizations:decide": POST_ONLY,
    # The marketplace (the listing is published; submit and delete a draft, moderate a
    # submitted one)
    "marketplace:browse": PUBLIC,
    "marketplace/exchange/": everyone(REDIRECT),  # the old address of the exchange page
    "marketplace:detail": PUBLIC,
    # Members create for their own organization; the secretariat names one with ?owner=.
    "marketplace:create": Expect(LOGIN, OK, OK, DENY, DENY),
    "marketplace:dashboard": Expect(LOGIN, OK, OK, DENY, DENY),  # the secretariat has none
    "marketplace:moderation": SECRETARIAT_ONLY,
    "marketplace:edit": OWNER_OR_SECRETARIAT,
    "marketplace:submit": POST_ONLY,
    "marketplace:close": POST_ONLY,
    "marketplace:delete": POST_ONLY,
    "marketplace:moderate": POST_ONLY,
    "marketplace:attachment-upload": POST_ONLY,
    "marketplace:attachment-delete": POST_ONLY,
    "marketplace:express-interest": POST_ONLY,
    "marketplace:answer-interest": POST_ONLY,
    "search:page": PUBLIC,
    "search:suggestion": POST_ONLY,
    # Agreements (members-only, between the owner and a partner)
    "agreements:list": PUBLIC,
    "agreements:results": PUBLIC,
    "agreements:export": PUBLIC,  # of what the user may see
    "agreements:detail": MEMBERS_ONLY,
    "agreements:create": SIGNED_IN,
    "agreements:edit": OWNER_OR_SECRETARIAT,
    "agreements:confirm": POST_ONLY,
    "agreements:confirm-on-behalf": POST_ONLY,
    "agreements:status": POST_ONLY,
    "agreements:milestone-add": POST_ONLY,
    "agreements:milestone-done": POST_ONLY,
    "agreements:milestone-update": POST_ONLY,
    "agreements:outcome-add": POST_ONLY,
    # News and documents (the article is published)
    "news:list": PUBLIC,
    "news:detail": PUBLIC,
    "news:feed-rss": PUBLIC,
    "news:feed-atom": PUBLIC,
    "news:documents": PUBLIC,
    "news:document": everyone(REDIRECT),  # to its file, whose row is in PROTECTED_FILES
    "news:moderation": SECRETARIAT_ONLY,
    "news:import": SECRETARIAT_ONLY,
    "news:create": SECRETARIAT_ONLY,
    "news:edit": SECRETARIAT_ONLY,
    "news:publish": everyone(METHOD),  # no sign-in redirect: see PAGE_POSTS
    "news:withdraw": everyone(METHOD),
    # Events (organized by the owner, whose editor is registered and was asked to meet)
    "events:calendar": PUBLIC,
    "events:calendar-ics": PUBLIC,
    "events:detail": PUBLIC,
    "events:ics": PUBLIC,
    "events:register": SIGNED_IN,
    "events:registration": Expect(LOGIN, HIDDEN, OK, HIDDEN, HIDDEN),  # one's own only
    "events:registration-cancel": POST_ONLY,
    "events:partners": PARTICIPANT_ONLY,
    "events:meetings": PARTICIPANT_ONLY,
    "events:agenda": PARTICIPANT_ONLY,
    "events:agenda-ics": PARTICIPANT_ONLY,
    "events:meeting-request": POST_ONLY,
    "events:meeting-answer": POST_ONLY,
    "events:meeting-cancel": POST_ONLY,
    "events:meeting-outcome": POST_ONLY,
    "events:meeting-follow-up-interest": POST_ONLY,
    "events:meeting-follow-up-agreement": POST_ONLY,
    "events:participants": OWNER_OR_SECRETARIAT,
    "events:participants-export": OWNER_OR_SECRETARIAT,
    "events:registration-decide": POST_ONLY,
    "events:check-in": OWNER_OR_SECRETARIAT,
    "events:b2b": OWNER_OR_SECRETARIAT,
    # Before the event is held, its report is the organizers'.
    "events:report-export": Expect(HIDDEN, HIDDEN, OK, OK, OK),
    # The network
    "analytics:dashboard": PUBLIC,
    "analytics:world-map": PUBLIC,
    "analytics:positions": SECRETARIAT_ONLY,
    "analytics:positions-export": SECRETARIAT_ONLY,
    "analytics:reports": SECRETARIAT_ONLY,
    "analytics:report-file": SECRETARIAT_ONLY,
}

# --- Pages: POST, for every page that takes it -------------------------------------------------

PAGE_POSTS: dict[str, Expect] = {
    "set_language": everyone(REDIRECT),
    "exchange": SECRETARIAT_ONLY,  # the form again, with its errors
    "accounts:login": Expect(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "accounts:logout": everyone(REDIRECT),
    "accounts:preferences": SIGNED_IN,
    "accounts:erase": signed_in(BAD),  # no password given
    "notifications:mark-read": signed_in(REDIRECT),
    "organizations:edit": OWNER_OR_SECRETARIAT,
    "organizations:apply": Expect(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "organizations:decide": SECRETARIAT_ONLY_DONE,
    "marketplace:create": Expect(LOGIN, OK, OK, DENY, DENY),
    "marketplace:edit": OWNER_OR_SECRETARIAT,
    # A draft is the owner's: a stranger is not told it exists.
    "marketplace:submit": Expect(LOGIN, HIDDEN, REDIRECT, REDIRECT, REDIRECT),
    "marketplace:delete": Expect(LOGIN, HIDDEN, REDIRECT, REDIRECT, REDIRECT),
    "marketplace:close": OWNER_OR_SECRETARIAT_DONE,
    "marketplace:moderate": SECRETARIAT_ONLY_DONE,
    "marketplace:attachment-upload": OWNER_OR_SECRETARIAT_DONE,
    "marketplace:attachment-delete": OWNER_OR_SECRETARIAT_DONE,
    # Another member's interest; nobody answers for the owner.
    "marketplace:express-interest": Expect(LOGIN, REDIRECT, REDIRECT, DENY, DENY),
    "marketplace:answer-interest": Expect(LOGIN, HIDDEN, REDIRECT, DENY, DENY),
    "search:suggestion": OWNER_OR_SECRETARIAT_DONE,
    "agreements:create": SIGNED_IN,  # the form again, with its errors
    "agreements:edit": OWNER_OR_SECRETARIAT,
    # A party confirms for itself; the secretariat confirms on a party's behalf.
    "agreements:confirm": Expect(LOGIN, DENY, REDIRECT, DENY, DENY),
    "agreements:confirm-on-behalf": SECRETARIAT_ONLY_DONE,
    "agreements:status": OWNER_OR_SECRETARIAT_DONE,
    "agreements:milestone-add": OWNER_OR_SECRETARIAT_DONE,
    "agreements:milestone-done": OWNER_OR_SECRETARIAT,  # the page again: it is done already
    "agreements:milestone-update": OWNER_OR_SECRETARIAT_DONE,
    "agreements:outcome-add": OWNER_OR_SECRETARIAT_DONE,
    "news:import": SECRETARIAT_ONLY,
    "news:create": SECRETARIAT_ONLY,
    "news:edit": SECRETARIAT_ONLY,
    # Without login_required: a visitor is refused, not asked to sign in.
    "news:publish": Expect(DENY, DENY, DENY, REDIRECT, REDIRECT),
    "news:withdraw": Expect(DENY, DENY, DENY, REDIRECT, REDIRECT),
    "events:register": signed_in(BAD),  # anyone signed in; no languages given
    "events:registration-cancel": Expect(LOGIN, HIDDEN, REDIRECT, HIDDEN, HIDDEN),
    # The service tells a non-participant so, as a message.
    "events:meeting-request": signed_in(REDIRECT),
    "events:meetings": Expect(LOGIN, DENY, BAD, DENY, DENY),
    # Only the two sides of a meeting learn that it exists.
    "events:meeting-answer": Expect(LOGIN, HIDDEN, REDIRECT, HIDDEN, HIDDEN),
    "events:meeting-cancel": Expect(LOGIN, HIDDEN, REDIRECT, HIDDEN, HIDDEN),
    "events:meeting-outcome": Expect(LOGIN, HIDDEN, REDIRECT, HIDDEN, HIDDEN),
    "events:meeting-follow-up-interest": Expect(LOGIN, HIDDEN, REDIRECT, HIDDEN, HIDDEN),
    "events:meeting-follow-up-agreement": Expect(LOGIN, HIDDEN, REDIRECT, HIDDEN, HIDDEN),
    "events:registration-decide": OWNER_OR_SECRETARIAT_DONE,
    "events:check-in": OWNER_OR_SECRETARIAT,  # an empty form is the page
    "events:b2b": OWNER_OR_SECRETARIAT_DONE,
    "analytics:reports": Expect(LOGIN, DENY, DENY, BAD, BAD),
}

# --- Protected files: /files/<model>/<pk>/<field>/, one row per ProtectedFileField ---------------
# The pattern `protected-file` serves them all, each after its field's permission function;
# every refusal is a 404, as on the object's page.

PROTECTED_FILES: dict[str, Expect] = {
    # The signed document follows the agreement's visibility (here: members only).
    "agreements.agreement.document": MEMBERS_ONLY,
    # Evidence is the parties' and the secretariat's.
    "agreements.milestone.evidence_file": Expect(HIDDEN, HIDDEN, OK, OK, OK),
    "marketplace.attachment.file": PUBLIC,  # of a published listing
    "news.article.cover_image": Expect(HIDDEN, HIDDEN, HIDDEN, OK, OK),  # of a draft
    "news.document.file": PUBLIC,
}

# --- The API: every operation of the OpenAPI schema, "METHOD /path/" -------------------------
# A router's `.json` route of an operation answers as the operation.

# Allowed to try, and refused for the input (an empty body, a milestone done already, a
# check-in code that is no one's, a schedule without slots...) after the check of the role.
OWNER_OR_SECRETARIAT_TRIES = Expect(LOGIN, DENY, BAD, BAD, BAD)
SECRETARIAT_TRIES = Expect(LOGIN, DENY, DENY, BAD, BAD)
# Only the two sides of the meeting (the owner's editor was asked) learn that it exists.
MEETING_SIDE = Expect(LOGIN, HIDDEN, OK, HIDDEN, HIDDEN)
MEETING_SIDE_TRIES = Expect(LOGIN, HIDDEN, BAD, HIDDEN, HIDDEN)  # the meeting is not held

API: dict[str, Expect] = {
    "GET /api/v1/sectors/": PUBLIC,
    "GET /api/v1/sectors/{code}/": PUBLIC,
    "GET /api/v1/work-areas/": PUBLIC,
    "GET /api/v1/work-areas/{code}/": PUBLIC,
    "GET /api/v1/focus-areas/": PUBLIC,
    "GET /api/v1/focus-areas/{code}/": PUBLIC,
    "GET /api/v1/cooperation-types/": PUBLIC,
    "GET /api/v1/cooperation-types/{code}/": PUBLIC,
    # Tokens: one's own; the secretariat sees and revokes everyone's.
    "POST /api/v1/auth/token/": everyone(BAD),  # no credentials given
    "GET /api/v1/auth/tokens/": SIGNED_IN,
    "GET /api/v1/auth/tokens/{id}/": Expect(LOGIN, HIDDEN, OK, OK, OK),
    "POST /api/v1/auth/tokens/{id}/revoke/": Expect(LOGIN, HIDDEN, OK, OK, OK),
    # Organizations: editors change their own; the secretariat adds and removes.
    "GET /api/v1/organizations/": PUBLIC,
    "GET /api/v1/organizations/{id}/": PUBLIC,
    "POST /api/v1/organizations/": SECRETARIAT_TRIES,
    "PUT /api/v1/organizations/{id}/": OWNER_OR_SECRETARIAT_TRIES,
    "PATCH /api/v1/organizations/{id}/": OWNER_OR_SECRETARIAT,
    # The owning organization still has listings, agreements...: it cannot go.
    "DELETE /api/v1/organizations/{id}/": Expect(LOGIN, DENY, DENY, CONFLICT, CONFLICT),
    # Listings (published; submitted and deleted: a draft; approved and returned: a
    # submitted one, which strangers do not see)
    "GET /api/v1/listings/": PUBLIC,
    "GET /api/v1/listings/{id}/": PUBLIC,
    "GET /api/v1/listings/{id}/matches/": PUBLIC,
    "POST /api/v1/listings/": signed_in(BAD),
    "PUT /api/v1/listings/{id}/": OWNER_OR_SECRETARIAT_TRIES,
    "PATCH /api/v1/listings/{id}/": OWNER_OR_SECRETARIAT,
    "DELETE /api/v1/listings/{id}/": Expect(LOGIN, HIDDEN, OK, OK, OK),
    "POST /api/v1/listings/{id}/submit/": Expect(LOGIN, HIDDEN, OK, OK, OK),
    "POST /api/v1/listings/{id}/close/": OWNER_OR_SECRETARIAT,
    "POST /api/v1/listings/{id}/approve/": Expect(LOGIN, HIDDEN, DENY, OK, OK),
    "POST /api/v1/listings/{id}/return/": Expect(LOGIN, HIDDEN, DENY, OK, OK),
    # Another member's interest; the owner is told it cannot be its own (400).
    "POST /api/v1/listings/{id}/interests/": Expect(LOGIN, OK, BAD, DENY, DENY),
    "GET /api/v1/interests/": SIGNED_IN,  # those one's organization sent or received
    "GET /api/v1/interests/{id}/": Expect(LOGIN, HIDDEN, OK, OK, OK),
    "POST /api/v1/interests/{id}/answer/": Expect(LOGIN, HIDDEN, OK, DENY, DENY),
    "GET /api/v1/search/": PUBLIC,
    # Agreements (members-only, between the owner and a partner, neither confirmed yet)
    "GET /api/v1/agreements/": PUBLIC,
    "GET /api/v1/agreements/{id}/": MEMBERS_ONLY,
    "POST /api/v1/agreements/": signed_in(BAD),
    "POST /api/v1/agreements/{id}/confirm/": Expect(LOGIN, DENY, OK, DENY, DENY),
    "POST /api/v1/agreements/{id}/confirm-on-behalf/": SECRETARIAT_ONLY,
    "POST /api/v1/agreements/{id}/status/": OWNER_OR_SECRETARIAT,
    "POST /api/v1/agreements/{id}/milestones/": OWNER_OR_SECRETARIAT,
    "POST /api/v1/agreements/{id}/milestones/{milestone_pk}/done/": OWNER_OR_SECRETARIAT_TRIES,
    "POST /api/v1/agreements/{id}/milestones/{milestone_pk}/update/": OWNER_OR_SECRETARIAT,
    "POST /api/v1/agreements/{id}/outcomes/": OWNER_OR_SECRETARIAT,
    # News: the secretariat writes
    "GET /api/v1/news/articles/": PUBLIC,
    "GET /api/v1/news/articles/{id}/": PUBLIC,
    "POST /api/v1/news/articles/": SECRETARIAT_TRIES,
    "POST /api/v1/news/articles/import/": SECRETARIAT_TRIES,
    "PUT /api/v1/news/articles/{id}/": SECRETARIAT_TRIES,
    "PATCH /api/v1/news/articles/{id}/": SECRETARIAT_ONLY,
    "DELETE /api/v1/news/articles/{id}/": SECRETARIAT_ONLY,
    "POST /api/v1/news/articles/{id}/publish/": SECRETARIAT_TRIES,  # published already
    "POST /api/v1/news/articles/{id}/withdraw/": SECRETARIAT_ONLY,
    "GET /api/v1/news/documents/": PUBLIC,
    "GET /api/v1/news/documents/{id}/": PUBLIC,
    # Events: organizers (the owner) and the secretariat manage; participants meet
    "GET /api/v1/events/": PUBLIC,
    "GET /api/v1/events/{id}/": PUBLIC,
    "POST /api/v1/events/{id}/register/": Expect(LOGIN, OK, BAD, OK, OK),  # once
    "GET /api/v1/events/{id}/registration/": Expect(LOGIN, HIDDEN, OK, HIDDEN, HIDDEN),
    "GET /api/v1/events/{id}/suggestions/": PARTICIPANT_ONLY,
    "GET /api/v1/events/{id}/agenda/": PARTICIPANT_ONLY,
    "GET /api/v1/events/{id}/meetings/": PARTICIPANT_ONLY,
    # The two already have a meeting.
    "POST /api/v1/events/{id}/meetings/": Expect(LOGIN, DENY, BAD, DENY, DENY),
    "POST /api/v1/events/{id}/meetings/{meeting_pk}/answer/": MEETING_SIDE,
    "POST /api/v1/events/{id}/meetings/{meeting_pk}/cancel/": MEETING_SIDE,
    "POST /api/v1/events/{id}/meetings/{meeting_pk}/outcome/": MEETING_SIDE_TRIES,
    "POST /api/v1/events/{id}/meetings/{meeting_pk}/follow-up/": MEETING_SIDE_TRIES,
    "GET /api/v1/events/{id}/registrations/": OWNER_OR_SECRETARIAT,
    "POST /api/v1/events/{id}/check-in/": OWNER_OR_SECRETARIAT_TRIES,
    "GET /api/v1/events/{id}/schedule/": OWNER_OR_SECRETARIAT,
    "POST /api/v1/events/{id}/schedule/": OWNER_OR_SECRETARIAT_TRIES,
    # The network, in each viewer's edition
    "GET /api/v1/analytics/network/": PUBLIC,
    "GET /api/v1/analytics/countries/": PUBLIC,
    "GET /api/v1/analytics/figures/": PUBLIC,
    "GET /api/v1/analytics/organizations/{id}/": PUBLIC,
}

# --- The admin: every pattern under /<language>/admin/ --------------------------------------
# The admin site lets in staff only (everyone else is sent to its sign-in page); then each
# model admin asks its own rule. Ours (SecretariatAdminMixin) open to the secretariat; the
# admins of Django and the libraries (ADMIN_APPS_FOR_THE_SITE_ADMIN) keep Django's model
# permissions, which only the superuser holds. A representative set is asked (every app,
# every model's list, the object pages of a few models).

STAFF = Expect(LOGIN, LOGIN, LOGIN, OK, OK)
SITE_ADMIN = Expect(LOGIN, LOGIN, LOGIN, DENY, OK)
ADMIN_APPS_FOR_THE_SITE_ADMIN = frozenset({"auth", "authtoken", "axes", "django_tasks_database"})

# Patterns whose answer is not their app's rule, by name (or route where unnamed).
ADMIN: dict[str, Expect] = {
    "admin:login": Expect(OK, OK, OK, REDIRECT, REDIRECT),
    # Logging out takes a POST; Django sends a non-staff GET to the index.
    "admin:logout": Expect(REDIRECT, REDIRECT, REDIRECT, METHOD, METHOD),
    "admin:autocomplete": Expect(LOGIN, LOGIN, LOGIN, DENY, DENY),  # asked without a field
    "admin:view_on_site": Expect(LOGIN, LOGIN, LOGIN, REDIRECT, REDIRECT),
    "admin/(?P<url>.*)$": Expect(LOGIN, LOGIN, LOGIN, HIDDEN, HIDDEN),  # no such page
    # The user asked about is the site administrator: their account is theirs to change,
    # else whoever changes it (its password, e-mail, activity) can sign in as a superuser.
    # The secretariat sees the account read-only (accounts/tests: its changes are refused).
    "admin:accounts_user_change": STAFF,
    "admin:accounts_user_delete": SITE_ADMIN,
    "admin:auth_user_password_change": SITE_ADMIN,
}
# The old address of a change page (<object_id>/, unnamed) sends staff on to it.
ADMIN_OLD_CHANGE_ADDRESS = Expect(LOGIN, LOGIN, LOGIN, REDIRECT, REDIRECT)


def admin_expectation(name: str | None, route: str, app_label: str) -> Expect:
    """The row of an admin pattern: its own, or its kind's, or its app's."""
    if name in ADMIN:
        return ADMIN[name]
    if route in ADMIN:
        return ADMIN[route]
    if name is None and route.endswith("/<path:object_id>/"):
        return ADMIN_OLD_CHANGE_ADDRESS
    if app_label in ADMIN_APPS_FOR_THE_SITE_ADMIN:
        # The app's index shows only what one may see: for the secretariat, nothing.
        return Expect(LOGIN, LOGIN, LOGIN, HIDDEN, OK) if name == "admin:app_list" else SITE_ADMIN
    return STAFF


# --- Known to be wrong today --------------------------------------------------------------------

KNOWN_WRONG: dict[tuple[str, str], str] = {}
