"""An agreement tracked to delivery, in a real browser: recorded by one party → confirmed by
the partner → milestones planned → one falls overdue → the worker's reminder reaches the
responsible party → evidence → done → the agreement is completed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import PASSWORD, UserFactory
from innobridge.agreements.choices import AgreementStatus, MilestoneStatus
from innobridge.agreements.models import Agreement
from innobridge.agreements.tasks import notify_overdue_milestones
from innobridge.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def signed_in_page(browser: Browser, base_url: str, email: str) -> Page:
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def mark_done(page: Page, milestone_pk: int, evidence: str) -> None:
    row = page.locator(f"#milestone-{milestone_pk}")
    row.locator("summary").click()
    row.get_by_label("Evidence", exact=True).fill(evidence)
    row.locator("button[type=submit]", has_text="Mark done").click()
    expect(page.get_by_text("Milestone marked done.")).to_be_visible()


def test_agreement_recorded_confirmed_overdue_evidenced_completed(live_server, browser: Browser):
    academy = OrganizationFactory(name="Mianyang Academy of Agricultural Sciences", country="CN")
    seed_company = OrganizationFactory(
        name="Công ty Giống cây trồng Hà Xuyên", name_language="vi", country="VN"
    )
    recorder = UserFactory(organization=academy, role=Role.MEMBER_EDITOR)
    partner = UserFactory(organization=seed_company, role=Role.MEMBER_EDITOR)
    today = timezone.localdate()
    base = live_server.url

    # The academy records the agreement it signed last year with the seed company.
    page = signed_in_page(browser, base, recorder.email)
    page.goto(f"{base}/en/agreements/")
    page.get_by_role("link", name="Record an agreement").click()
    page.get_by_label("Title *", exact=True).fill("Trial demonstration of Mianyang rice in Vietnam")
    page.get_by_label("Type *", exact=True).select_option("trial_demonstration")
    page.get_by_label("Date of signing").fill(str(today - timedelta(days=365)))
    page.get_by_label("Term starts").fill(str(today - timedelta(days=365)))
    page.get_by_label("Term ends").fill(str(today + timedelta(days=730)))
    page.get_by_label("Party 2", exact=True).select_option(label=seed_company.name)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Agreement recorded.")).to_be_visible()
    expect(page.locator("#unconfirmed")).to_contain_text(seed_company.name)
    agreement = Agreement.objects.get()

    # The seed company's editor confirms it.
    other = signed_in_page(browser, base, partner.email)
    other.goto(f"{base}/en/agreements/{agreement.pk}/")
    other.get_by_role("button", name="Confirm for my organization").click()
    expect(other.get_by_text("You confirmed the agreement for your organization.")).to_be_visible()
    expect(other.locator("#unconfirmed")).to_have_count(0)

    # The academy plans two milestones; the seed company's report was due yesterday.
    page.reload()
    form = page.locator("#milestone-form")
    for title, due, responsible in [
        ("Sowing of the trial plots", today + timedelta(days=60), academy.name),
        ("Variety selection report", today - timedelta(days=1), seed_company.name),
    ]:
        form.get_by_label("Milestone").fill(title)
        form.get_by_label("Due").fill(str(due))
        form.get_by_label("Responsible party").select_option(label=responsible)
        form.get_by_role("button", name="Add milestone").click()
        expect(page.get_by_text("Milestone added.")).to_be_visible()
        form = page.locator("#milestone-form")
    expect(page.locator("#health")).to_have_text("Overdue")
    expect(page.locator(".timeline-bar.is-overdue")).to_have_count(1)

    # The worker's scheduled job finds it and tells the responsible party, once.
    notify_overdue_milestones.enqueue()
    notify_overdue_milestones.enqueue()
    other.goto(f"{base}/en/notifications/")
    reminder = other.get_by_role("link", name="Milestone overdue: Variety selection report")
    expect(reminder).to_have_count(1)
    reminder.click()

    # The seed company gives its evidence; the academy completes its own step.
    report = agreement.milestones.get(title="Variety selection report")
    mark_done(other, report.pk, "Selection report of 12 varieties sent on paper and by e-mail.")
    page.reload()
    sowing = agreement.milestones.get(title="Sowing of the trial plots")
    mark_done(page, sowing.pk, "Three plots of 2 ha sown in Thái Bình.")
    expect(page.locator("#health")).to_have_text("On track")

    # All milestones done: the agreement is completed.
    page.get_by_label("Change status").select_option("completed")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("The agreement is now “Completed”.")).to_be_visible()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.COMPLETED
    assert list(agreement.milestones.values_list("status", flat=True)) == [
        MilestoneStatus.DONE,
        MilestoneStatus.DONE,
    ]
