"""`innobridge serve`: the web server (gunicorn, static files through whitenoise) and,
beside it, the background worker; Ctrl+C stops both."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess  # starts our own worker and gunicorn  # nosec B404
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Serve the app with gunicorn and run the background worker beside it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the background worker."
        )

    def print_demo_login(self) -> None:
        """The demo's sign-in, when this database has the demo (settings.DEMO_LOGIN_HINT)."""
        hint = import_string(settings.DEMO_LOGIN_HINT)() if settings.DEMO_LOGIN_HINT else ""
        if hint:
            self.stdout.write(hint)

    def handle(self, *args, host: str, port: int, workers: int, no_worker: bool, **options):
        bin_dir = os.path.dirname(sys.executable)
        gunicorn = shutil.which("gunicorn", path=bin_dir) or shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("gunicorn is not installed in this environment.")
        innobridge = shutil.which("innobridge", path=bin_dir) or shutil.which("innobridge")
        children: list[subprocess.Popen] = []
        if not no_worker:
            if innobridge is None:
                raise CommandError("the innobridge command is not installed in this environment.")
            children.append(subprocess.Popen([innobridge, "worker"]))  # noqa: S603  # nosec B603
        children.append(
            subprocess.Popen(  # noqa: S603 - our own executables and arguments  # nosec B603
                [
                    gunicorn,
                    "innobridge.wsgi",
                    f"--bind={host}:{port}",
                    f"--workers={workers}",
                    "--access-logfile=-",
                ]
            )
        )
        self.stdout.write(self.style.SUCCESS(f"Innobridge is running at http://{host}:{port}/"))
        if not no_worker:
            self.stdout.write("The background worker runs beside it.")
        self.print_demo_login()
        self.stdout.write("Press Ctrl+C to stop.")
        sys.stdout.flush()
        self.wait_then_stop(children)

    def wait_then_stop(self, children: list[subprocess.Popen]) -> None:
        """Run until one child ends or we are told to stop, then stop the others."""

        def stop(signum, _frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children):
                try:
                    children[-1].wait(timeout=1)
                except subprocess.TimeoutExpired:
                    continue
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
