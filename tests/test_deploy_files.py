"""The deployment files run for real (docs/DEPLOY.md): the nginx site in a real nginx in
front of the app, and the systemd units' command lines started and stopped the way
systemd would, with their environment file.

The files under test are the shipped ones: the tests only replace the paths and ports
they name (where the checkout, the data folder and the certificate live, which ports to
listen on) with the test's own, by plain string replacement.
"""

from __future__ import annotations

import ast
import configparser
import gzip
import http.client
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings

from innobridge.accounts.choices import Role
from innobridge.accounts.tests.factories import UserFactory
from innobridge.marketplace import services as marketplace_services
from innobridge.marketplace.tests.factories import ListingFactory
from innobridge.marketplace.tests.test_worker import database_url
from innobridge.notifications.tasks import send_email
from tests.test_deploy_settings import documented_environment
from tests.test_uploaded_files import png_bytes

CHECKOUT = Path(__file__).resolve().parent.parent
SITE = CHECKOUT / "deploy" / "nginx" / "innobridge.conf"
WEB_UNIT = CHECKOUT / "deploy" / "systemd" / "innobridge-web.service"
WORKER_UNIT = CHECKOUT / "deploy" / "systemd" / "innobridge-worker@.service"
GUNICORN_CONFIG = CHECKOUT / "deploy" / "gunicorn.conf.py"

# What the shipped files name, as docs/DEPLOY.md installs them.
INSTALL_DIR = "/opt/innobridge"  # the checkout, with its virtual environment in .venv
DATA_DIR = "/var/lib/innobridge"  # INNOBRIDGE_DATA_DIR
ENVIRONMENT_FILE = "/etc/innobridge/innobridge.env"  # .env.example, filled in
SERVER_NAME = "innobridge.example.org"
CERTIFICATE = "/etc/ssl/certs/innobridge.example.org.pem"
CERTIFICATE_KEY = "/etc/ssl/private/innobridge.example.org.key"
NGINX_LOGS = "/var/log/nginx/"
UPSTREAM = "server 127.0.0.1:8000;"
LISTEN_HTTP = "listen 80;"
LISTEN_HTTPS = "listen 443 ssl http2;"

# What systemd gives every service besides its environment file (systemd.exec(5)), and
# the variables it sets itself, which no environment file documents.
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"
SYSTEMD_VARIABLES = {"MAINPID", "RUNTIME_DIRECTORY", "NOTIFY_SOCKET"}

# The tests behind the live server flush the database after them; flushed this way (as the
# browser journeys are), a later test that restores the serialized database still can.
SERIALIZED = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PDF = b"%PDF-1.4\n% an agreement's evidence, private to its parties\n%%EOF\n"


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on now, all different (held open together while chosen)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def render(text: str, replacements: dict[str, str]) -> str:
    """The shipped text with the test's paths and ports; each placeholder must be there,
    so that the test keeps testing the file as it is."""
    for placeholder, value in replacements.items():
        assert placeholder in text, f"{placeholder!r} is no longer in the shipped file"
        text = text.replace(placeholder, value)
    return text


def size_in_bytes(value: str) -> int:
    """An nginx size ("51m", "512k", "1g") in bytes."""
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", value.lower()).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit]


def wait_for(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


# --- nginx in front of the app ----------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes


@dataclass
class Proxy:
    """The shipped site in a running nginx, in front of the live server."""

    http_port: int
    https_port: int
    data_dir: Path
    folder: Path
    check_output: str
    certificate: str

    @property
    def tls(self) -> ssl.SSLContext:
        """A client that trusts the site's certificate, and checks it."""
        return ssl.create_default_context(cafile=self.certificate)

    def request(
        self, path: str, *, method: str = "GET", headers: dict | None = None, https: bool = True
    ) -> Answer:
        if https:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, context=self.tls, timeout=30
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=30)
        try:
            connection.request(method, path, headers={"Host": SERVER_NAME, **(headers or {})})
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()

    def logged(self, request_id: str) -> str:
        """nginx's access log line of the request with this id (written once answered)."""

        def line() -> str | None:
            log = self.folder / "innobridge.access.log"
            lines = log.read_text().splitlines() if log.exists() else []
            return next((text for text in lines if text.endswith(f"request_id={request_id}")), None)

        return wait_for(line, timeout=5, what=f"nginx's access log line of {request_id}")


def nginx_executable() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        pytest.fail("nginx is missing: run scripts/ensure-debian-packages nginx (make test does)")
    return found


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for the site's name and 127.0.0.1, which the test's client trusts."""
    certificate, key = folder / "certificate.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 - openssl with fixed arguments
        [
            shutil.which("openssl") or "openssl", "req", "-x509", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", f"/CN={SERVER_NAME}",
            "-addext", f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1",
            "-keyout", str(key), "-out", str(certificate),
        ],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return certificate, key


def collect_static(static_root: Path) -> None:
    """`collectstatic` with the project's storage (hashed names, gzip copies), for the
    project's own files but the vendored libraries: every app's files take half a minute,
    compressing ECharts alone five seconds."""
    with override_settings(
        STATIC_ROOT=static_root,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["vendor"])


@pytest.fixture(scope="module")
def proxy(live_server, tmp_path_factory) -> Iterator[Proxy]:
    folder = tmp_path_factory.mktemp("nginx")
    data_dir = folder / "data"
    (data_dir / "media").mkdir(parents=True)
    collect_static(data_dir / "static")
    certificate, key = self_signed_certificate(folder)
    http_port, https_port = free_ports(2)
    upstream = live_server.url.removeprefix("http://").replace("localhost", "127.0.0.1")
    site = folder / "innobridge.conf"
    site.write_text(
        render(
            SITE.read_text(),
            {
                LISTEN_HTTP: f"listen 127.0.0.1:{http_port};",
                LISTEN_HTTPS: f"listen 127.0.0.1:{https_port} ssl http2;",
                UPSTREAM: f"server {upstream};",
                CERTIFICATE: str(certificate),
                CERTIFICATE_KEY: str(key),
                DATA_DIR: str(data_dir),
                NGINX_LOGS: f"{folder}/",
            },
        )
    )
    # The main configuration of a Debian nginx, cut to what a site needs, in the test's
    # folder. As root, nginx's workers would read files as "nobody", which cannot enter
    # pytest's private temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    configuration = folder / "nginx.conf"
    configuration.write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {site};
}}
"""
    )
    nginx = nginx_executable()
    command = [nginx, "-c", str(configuration), "-p", f"{folder}/"]
    check = subprocess.run(  # noqa: S603 - nginx with the test's own configuration
        [*command, "-t"], capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stderr
    with (folder / "nginx.out").open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - as above
            command, stdout=output, stderr=subprocess.STDOUT
        )

    def listening() -> bool:
        if process.poll() is not None:
            pytest.fail(f"nginx stopped: {(folder / 'nginx.out').read_text()}")
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
        except OSError:
            return False
        return True

    try:
        wait_for(listening, timeout=20, what="nginx to listen")
        yield Proxy(http_port, https_port, data_dir, folder, check.stderr, str(certificate))
    finally:
        process.send_signal(signal.SIGQUIT)  # nginx's graceful stop
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def site(proxy, settings) -> Proxy:
    """The app as production runs it behind this nginx (.env.example): told the scheme by
    X-Forwarded-Proto, private files handed to nginx, uploads in nginx's data folder.
    (SECURE_SSL_REDIRECT cannot be switched on here: the live server's middleware read
    it when it started.)"""
    settings.ALLOWED_HOSTS = [SERVER_NAME]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/internal-media/"
    settings.MEDIA_ROOT = proxy.data_dir / "media"
    settings.STATIC_ROOT = proxy.data_dir / "static"
    return proxy


@SERIALIZED
def test_nginx_accepts_the_site_and_sends_plain_http_to_https(site):
    warnings = [
        line
        for line in site.check_output.splitlines()
        if "[warn]" in line and '"listen ... http2" directive is deprecated' not in line
    ]
    assert warnings == []
    assert "test is successful" in site.check_output

    answer = site.request("/en/search/?q=battery", https=False)

    assert answer.status == 301
    assert answer.headers["Location"] == f"https://{SERVER_NAME}/en/search/?q=battery"


def handshake(site: Proxy, context: ssl.SSLContext) -> tuple[str, str | None, str]:
    """TLS version, ALPN protocol and cipher the site agrees on with this client."""
    with (
        socket.create_connection(("127.0.0.1", site.https_port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=SERVER_NAME) as connection,
    ):
        return connection.version(), connection.selected_alpn_protocol(), connection.cipher()[0]


@SERIALIZED
def test_tls_is_current_and_offers_http2(site):
    current = ssl.create_default_context(cafile=site.certificate)
    current.set_alpn_protocols(["h2", "http/1.1"])
    older = ssl.create_default_context(cafile=site.certificate)
    older.maximum_version = ssl.TLSVersion.TLSv1_2

    assert handshake(site, current)[:2] == ("TLSv1.3", "h2")
    version, protocol, cipher = handshake(site, older)
    assert (version, protocol) == ("TLSv1.2", None)
    assert cipher.startswith("ECDHE-ECDSA-") and ("GCM" in cipher or "CHACHA20" in cipher)


@SERIALIZED
def test_the_app_answers_through_nginx_as_https_with_nginxs_request_id(site):
    assert site.request("/healthz").body == b"ok\n"

    # The client's own request id is replaced by nginx's.
    answer = site.request("/en/news/feeds/en/rss/", headers={"X-Request-ID": "chosen-by-me"})

    assert answer.status == 200
    # The app was told the request came over HTTPS (X-Forwarded-Proto): its absolute links
    # are https ones.
    feed_address = f'<atom:link href="https://{SERVER_NAME}/en/news/feeds/en/rss/" rel="self"/>'
    assert feed_address in answer.body.decode()
    request_id = answer.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert '"GET /en/news/feeds/en/rss/ HTTP/1.1" 200 ' in site.logged(request_id)


@SERIALIZED
def test_static_files_are_served_by_nginx_hashed_for_a_year(site):
    page = site.request("/en/").body.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    collected = (site.data_dir / stylesheet.removeprefix("/")).read_bytes()

    answer = site.request(stylesheet)
    compressed = site.request(stylesheet, headers={"Accept-Encoding": "gzip"})
    unhashed = site.request("/static/css/site.css")

    # No X-Request-ID: nginx answered from the folder, the app never saw the request.
    assert (answer.status, answer.body, answer.headers["X-Request-ID"]) == (200, collected, None)
    assert answer.headers["Content-Type"] == "text/css"
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.body) == collected
    assert (unhashed.status, unhashed.headers["Cache-Control"]) == (200, "public, max-age=60")


@SERIALIZED
def test_logos_are_public_and_nothing_else_under_media(site, organization):
    organization.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    listing = ListingFactory(owner=organization)
    editor = UserFactory(organization=organization, role=Role.MEMBER_EDITOR)
    attachment = marketplace_services.attachment_add(
        listing=listing, actor=editor, file=SimpleUploadedFile("spec.pdf", PDF)
    )
    assert (site.data_dir / "media" / attachment.file.name).read_bytes() == PDF

    logo = site.request(organization.logo.url)

    assert (logo.status, logo.body, logo.headers["X-Request-ID"]) == (200, png_bytes(), None)
    assert logo.headers["Content-Type"] == "image/png"
    assert logo.headers["X-Content-Type-Options"] == "nosniff"
    # The attachment's file is in the media folder, but only its /files/ link serves it.
    assert site.request(f"/media/{attachment.file.name}").status == 404
    assert site.request(f"/internal-media/{attachment.file.name}").status == 404
    assert site.request("/media/logos/../secret_key").status == 404


@SERIALIZED
def test_a_private_upload_is_checked_by_the_app_and_streamed_by_nginx(site, organization):
    listing = ListingFactory(owner=organization, draft=True)
    editor = UserFactory(organization=organization, role=Role.MEMBER_EDITOR)
    attachment = marketplace_services.attachment_add(
        listing=listing, actor=editor, file=SimpleUploadedFile("evidence.pdf", PDF)
    )
    browser = Client()
    browser.force_login(editor)
    session = browser.cookies[django_settings.SESSION_COOKIE_NAME].value

    visitor = site.request(attachment.file.url)
    owner = site.request(
        attachment.file.url,
        headers={"Cookie": f"{django_settings.SESSION_COOKIE_NAME}={session}"},
    )

    assert visitor.status == 404
    # The app answered with the file's name and type and an X-Accel-Redirect; nginx sent
    # the file in place of the app's empty body, as it sends files (ETag, byte ranges).
    assert (owner.status, owner.body, owner.headers["X-Accel-Redirect"]) == (200, PDF, None)
    assert (owner.headers["Accept-Ranges"], owner.headers["ETag"] is not None) == ("bytes", True)
    assert owner.headers["Content-Type"] == "application/pdf"
    assert owner.headers["Content-Disposition"] == 'inline; filename="evidence.pdf"'
    assert owner.headers["X-Content-Type-Options"] == "nosniff"
    # ... under the id the app's log lines of the request carry.
    assert f'"GET {attachment.file.url} HTTP/1.1" 200 ' in site.logged(
        owner.headers["X-Request-ID"]
    )


@SERIALIZED
def test_nginx_refuses_a_body_over_the_largest_upload(site):
    limit = size_in_bytes(re.search(r"client_max_body_size (\w+);", SITE.read_text()).group(1))
    largest_upload = max(
        django_settings.IMPORT_MAX_BYTES,
        django_settings.ATTACHMENT_MAX_BYTES,
        django_settings.LOGO_MAX_BYTES,
    )
    # Room for the largest file and the form around it, and not much more.
    assert largest_upload < limit <= largest_upload + 2 * 1024**2

    connection = http.client.HTTPSConnection(
        "127.0.0.1", site.https_port, context=site.tls, timeout=30
    )
    try:
        # nginx answers from the announced length, before any of the body is sent.
        connection.putrequest("POST", "/en/exchange/", skip_host=True)
        connection.putheader("Host", SERVER_NAME)
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(limit + 1))
        connection.endheaders()
        response = connection.getresponse()
        assert (response.status, response.headers["X-Request-ID"]) == (413, None)
    finally:
        connection.close()


# --- The systemd units --------------------------------------------------------------------


def read_unit(path: Path) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # systemd's keys are case-sensitive
    unit.read(path)
    return unit


def environment_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as systemd reads an EnvironmentFile (comments and blanks skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";")) and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value.strip()
    return values


def variables_read_by(python_file: Path) -> set[str]:
    """The environment variables a Python file reads (os.environ.get / os.environ[...])."""
    names = set()
    for node in ast.walk(ast.parse(python_file.read_text())):
        target = None
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "os.environ.get":
            target = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            target = node.slice
        if isinstance(target, ast.Constant):
            names.add(target.value)
    return names


def variables_in(command_line: str) -> set[str]:
    return set(re.findall(r"\$\{?(\w+)\}?", command_line))


def mapped(text: str, data_dir: Path) -> str:
    """A unit's paths on this machine: the virtual environment the tests run in, the
    checkout, and the test's own data folder."""
    return (
        text.replace(f"{INSTALL_DIR}/.venv", sys.prefix)
        .replace(INSTALL_DIR, str(CHECKOUT))
        .replace(DATA_DIR, str(data_dir))
    )


@dataclass
class Service:
    """A unit's main process, started as systemd starts it."""

    process: subprocess.Popen
    stop_timeout: float
    log: Path

    def stop(self) -> tuple[int, float]:
        """Send KillSignal and wait at most TimeoutStopSec: (exit code, seconds taken)."""
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=self.stop_timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"did not stop within TimeoutStopSec={self.stop_timeout:g}")
        return code, time.monotonic() - started


def start_unit(
    unit_file: Path, folder: Path, environment: dict[str, str], extra: dict[str, str]
) -> Service:
    """Start a unit's ExecStart as systemd would: its EnvironmentFile (here the test's,
    written in the same KEY=VALUE form), WorkingDirectory, RuntimeDirectory and systemd's
    own variables; the checkout and data folder mapped to this machine's."""
    unit = read_unit(unit_file)
    service = unit["Service"]
    assert service["EnvironmentFile"] == ENVIRONMENT_FILE
    assert signal.Signals[service["KillSignal"]] == signal.SIGTERM
    data_dir = folder / "data"
    data_dir.mkdir(exist_ok=True)
    env_file = folder / "innobridge.env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in environment.items()))
    env = {
        "PATH": SYSTEMD_PATH,
        "HOME": str(data_dir),  # the innobridge user's home (docs/DEPLOY.md)
        "LANG": "C.UTF-8",
        **environment_file(env_file),
        **extra,
    }
    if "RuntimeDirectory" in service:
        runtime = folder / "run" / service["RuntimeDirectory"]
        runtime.mkdir(parents=True)
        env["RUNTIME_DIRECTORY"] = str(runtime)
    argv = [
        re.sub(r"\$\{(\w+)\}", lambda match: env[match.group(1)], word)
        for word in shlex.split(mapped(service["ExecStart"], data_dir))
    ]
    log = folder / f"{unit_file.stem}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - the unit's own command line
            argv,
            env=env,
            cwd=mapped(service["WorkingDirectory"], data_dir),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    return Service(process, float(service["TimeoutStopSec"]), log)


def production_environment(folder: Path, **overrides: str) -> dict[str, str]:
    """.env.example's values, with what a deployment owns rather than copies, and what
    keeps the test to itself: its own data folder and database, no shared Redis (the cache
    falls back to memory; the jobs stay in the database queue), no search models loaded."""
    return {
        **documented_environment(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "INNOBRIDGE_DATA_DIR": str(folder / "data"),
        "DATABASE_URL": f"sqlite:///{folder / 'data' / 'innobridge.sqlite3'}",
        "CACHE_URL": "",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SEARCH_WARM_UP": "0",
        **overrides,
    }


@pytest.mark.parametrize("unit_file", [WEB_UNIT, WORKER_UNIT], ids=lambda path: path.name)
def test_a_unit_runs_this_environments_programs_with_documented_settings(unit_file):
    service = read_unit(unit_file)["Service"]
    documented = documented_environment()
    command = shlex.split(service["ExecStart"])
    read = variables_in(service["ExecStart"]) | variables_in(service.get("ExecReload", ""))
    if GUNICORN_CONFIG.name in service["ExecStart"]:
        read |= variables_read_by(GUNICORN_CONFIG)

    assert command[0].startswith(f"{INSTALL_DIR}/.venv/bin/")
    program = Path(mapped(command[0], Path(DATA_DIR)))
    assert program.is_file() and os.access(program, os.X_OK), program
    assert sorted(read - SYSTEMD_VARIABLES - set(documented)) == []
    # The one folder the unit may write is the data folder the environment file names.
    assert (service["User"], service["WorkingDirectory"], service["ReadWritePaths"]) == (
        "innobridge",
        DATA_DIR,
        documented["INNOBRIDGE_DATA_DIR"],
    )


def test_the_web_unit_reads_its_port_and_workers_from_the_environment_file():
    service = read_unit(WEB_UNIT)["Service"]
    config_file = shlex.split(service["ExecStart"])[2]

    assert mapped(config_file, Path(DATA_DIR)) == str(GUNICORN_CONFIG)
    assert variables_read_by(GUNICORN_CONFIG) == {
        "HOST", "PORT", "WEB_WORKERS", "RUNTIME_DIRECTORY",
    }  # fmt: skip
    # nginx waits for gunicorn a little longer than gunicorn lets a request run.
    gunicorn_timeout = int(re.search(r"^timeout = (\d+)$", GUNICORN_CONFIG.read_text(), re.M)[1])
    nginx_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", SITE.read_text())[1])
    assert gunicorn_timeout < nginx_timeout <= gunicorn_timeout + 10


def test_systemd_analyze_finds_nothing_wrong_with_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here; the units were not verified")
    rendered = []
    for unit_file in (WEB_UNIT, WORKER_UNIT):
        target = tmp_path / unit_file.name
        target.write_text(mapped(unit_file.read_text(), tmp_path / "data"))
        rendered.append(str(target))

    verify = subprocess.run(  # noqa: S603 - systemd-analyze on the test's copies
        [analyze, "verify", "--man=no", *rendered], capture_output=True, text=True, timeout=60
    )
    assert (verify.returncode, verify.stdout + verify.stderr) == (0, "")
    for unit in rendered:
        security = subprocess.run(  # noqa: S603 - as above
            [analyze, "security", "--offline=yes", "--threshold=20", unit],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        exposure = re.search(r"Overall exposure level for \S+: ([\d.]+) (\w+)", security.stdout)
        assert exposure is not None, security.stdout + security.stderr
        assert float(exposure[1]) <= 2.0, security.stdout


def test_the_web_unit_serves_reloads_and_stops_within_its_timeout(tmp_path):
    [port] = free_ports(1)
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    notify.settimeout(30)
    environment = production_environment(tmp_path, PORT=str(port), WEB_WORKERS="1")
    web = start_unit(WEB_UNIT, tmp_path, environment, {"NOTIFY_SOCKET": str(tmp_path / "notify")})
    try:
        # Type=notify: gunicorn says when it listens.
        assert notify.recv(4096).decode().splitlines()[0] == "READY=1"

        def healthz(request_id: str) -> int | None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                connection.request(
                    "GET", "/healthz", headers={"Host": SERVER_NAME, "X-Request-ID": request_id}
                )
                return connection.getresponse().status
            except OSError:
                return None
            finally:
                connection.close()

        def workers() -> list[str]:
            return re.findall(r"Booting worker with pid: (\d+)", web.log.read_text())

        assert wait_for(lambda: healthz("0" * 32), timeout=30, what="/healthz") == 200
        first = workers()
        assert len(first) == 1

        # systemctl reload (ExecReload: SIGHUP): a new worker on the code as it is now,
        # and the old one gone once its requests were done.
        web.process.send_signal(signal.SIGHUP)
        wait_for(
            lambda: len(workers()) == 2 and not Path(f"/proc/{first[0]}").exists(),
            timeout=30,
            what="the reload's new worker",
        )
        assert wait_for(lambda: healthz("1" * 32), timeout=30, what="/healthz") == 200
    finally:
        code, seconds = web.stop()
        notify.close()

    log = web.log.read_text()
    assert code == 0, log
    assert seconds < web.stop_timeout
    # The access log line of a request ends with its id, as nginx sent it.
    assert re.search(r'"GET /healthz HTTP/1.1" 200 .* request_id=1{32}$', log, re.M), log


@SERIALIZED
def test_the_worker_unit_runs_jobs_and_stops_on_sigterm(settings, tmp_path):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    send_email.enqueue(["someone@example.org"], "Sent by the worker unit", "Body")
    mail = tmp_path / "mail"
    environment = production_environment(
        tmp_path,
        DATABASE_URL=database_url(),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail),
    )

    worker = start_unit(WORKER_UNIT, tmp_path, environment, {})
    try:
        # The file backend creates the file before it writes the message: wait for both.
        sent = wait_for(
            lambda: (
                mail.is_dir()
                and [text for path in mail.iterdir() if "Subject:" in (text := path.read_text())]
            ),
            timeout=30,
            what="the queued e-mail",
        )
        time.sleep(2)
        assert worker.process.poll() is None, worker.log.read_text()
    finally:
        code, seconds = worker.stop()

    assert "Subject: Sent by the worker unit" in sent[0]
    assert code == 0, worker.log.read_text()
    assert seconds < worker.stop_timeout
