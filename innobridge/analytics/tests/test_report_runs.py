"""The secretariat's annual reports page: asking for a report queues it for the worker,
which stores its progress and files; only the secretariat sees the page and the files."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from innobridge.analytics import services
from innobridge.analytics.choices import Edition, ReportStatus
from innobridge.analytics.models import ReportRun
from innobridge.analytics.tests.scenario import build_alliance

pytestmark = pytest.mark.django_db

REPORTS = "/en/network/reports/"


def test_the_page_is_the_secretariats_only(client, member):
    assert client.get(REPORTS).status_code == 302  # to the sign-in page
    client.force_login(member)
    assert client.get(REPORTS).status_code == 403
    assert (
        client.post(REPORTS, {"year": 2025, "language": "en", "edition": "public"}).status_code
        == 403
    )
    assert ReportRun.objects.count() == 0


def test_asking_for_a_report_writes_it_in_the_worker(
    client, secretariat, django_capture_on_commit_callbacks
):
    build_alliance()
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            REPORTS, {"year": 2025, "language": "zh-hans", "edition": "secretariat"}
        )

    assert response.status_code == 302
    run = ReportRun.objects.get()  # the immediate backend ran the job at once
    assert (run.year, run.language, run.edition, run.status, run.progress) == (
        2025,
        "zh-hans",
        Edition.SECRETARIAT,
        ReportStatus.DONE,
        100,
    )
    assert run.pdf.name.endswith("/innobridge-report-2025-secretariat-zh-hans.pdf")
    page = client.get(REPORTS).content.decode()
    assert reverse("analytics:report-file", args=[run.pk, "pdf"]) in page


def test_files_download_as_attachments_for_the_secretariat_only(
    client, secretariat, member, django_capture_on_commit_callbacks
):
    build_alliance()
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REPORTS, {"year": 2025, "language": "en", "edition": "public"})
    run = ReportRun.objects.get()

    pdf = client.get(reverse("analytics:report-file", args=[run.pk, "pdf"]))
    xlsx = client.get(reverse("analytics:report-file", args=[run.pk, "xlsx"]))

    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    assert client.get(reverse("analytics:report-file", args=[run.pk, "html"])).status_code == 404
    client.force_login(member)
    assert client.get(reverse("analytics:report-file", args=[run.pk, "pdf"])).status_code == 403
    # and /media/ does not serve it either
    assert client.get(f"/media/{run.pdf.name}").status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": 3000, "language": "en", "edition": "public"}, "year"),
        ({"year": 2025, "language": "tlh", "edition": "public"}, "language"),
        ({"year": 2025, "language": "en", "edition": "everyone"}, "edition"),
        ({"year": "", "language": "en", "edition": "public"}, "year"),
    ],
)
def test_a_bad_request_is_400_with_the_reason_and_queues_nothing(client, secretariat, data, field):
    client.force_login(secretariat)

    response = client.post(REPORTS, data)

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert ReportRun.objects.count() == 0


def test_a_year_after_this_one_is_refused_by_the_service_too(secretariat):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.report_request(
            actor=secretariat, year=timezone.localdate().year + 1, language="en", edition="public"
        )

    assert list(refused.value.message_dict) == ["year"]
    assert ReportRun.objects.count() == 0


def test_a_failed_run_stores_its_reason(secretariat, settings):
    run = ReportRun.objects.create(year=2025, language="en", token="t" * 32)
    settings.ANALYTICS_MAP_FILE = "/nonexistent/map.geojson"

    with pytest.raises(FileNotFoundError):
        services.report_execute(run)

    run.refresh_from_db()
    assert run.status == ReportStatus.FAILED
    assert "map.geojson" in run.message
    assert (run.pdf.name, run.xlsx.name) == ("", "")


def test_the_page_polls_while_a_report_is_being_written(client, secretariat):
    ReportRun.objects.create(year=2025, language="vi", token="t" * 32, progress=30)
    client.force_login(secretariat)

    page = client.get(REPORTS).content.decode()

    assert 'hx-trigger="every 2s"' in page
    assert '<progress max="100" value="30">' in page
    assert "Vietnamese" in page
