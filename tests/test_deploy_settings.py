"""Production settings as documented (.env.example): `innobridge check --deploy` reports no
issue with them, and every page carries the security headers (issue 16)."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent


def documented_environment() -> dict[str, str]:
    """The variables .env.example sets, as a deployment would copy them."""
    values = {}
    for line in (CHECKOUT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value.strip()
    return values


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    environment = {
        "PATH": os.environ.get("PATH", ""),
        **documented_environment(),
        # What a deployment generates and owns rather than copies:
        "SECRET_KEY": secrets.token_urlsafe(64),
        "INNOBRIDGE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    command = shutil.which("innobridge", path=str(Path(sys.executable).parent))
    assert command, "the innobridge command is not installed next to this Python"

    result = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [command, "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_local_settings_stay_plain_http():
    from django.conf import settings

    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SECURE_HSTS_SECONDS == 0


@pytest.mark.django_db
def test_pages_and_the_api_carry_the_security_headers(client):
    for url in ("/en/", "/api/v1/sectors/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert (
            "script-src 'self'" in policy
            and "'unsafe-inline'" not in policy.split("style-src-attr")[0]
        ), policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_no_page_template_holds_an_inline_script_or_style_element():
    """The CSP refuses inline scripts and style elements: templates load files instead
    (data islands of json_script are not run, and allowed)."""
    offenders = []
    for template in (CHECKOUT / "innobridge" / "templates").rglob("*.html"):
        if template.name == "report.html":  # the PDF's template: WeasyPrint, not a browser
            continue
        text = template.read_text()
        for line_number, line in enumerate(text.splitlines(), start=1):
            opens_script = "<script" in line and "src=" not in line
            if opens_script or "<style" in line or " onclick=" in line or " onload=" in line:
                offenders.append(f"{template.relative_to(CHECKOUT)}:{line_number}")
    assert offenders == []


@pytest.mark.django_db
def test_the_api_documentation_loads_its_script_from_a_file(client):
    page = client.get("/api/v1/docs/").content.decode()
    assert "<style" not in page
    assert page.count("<script") == page.count("<script src=")
