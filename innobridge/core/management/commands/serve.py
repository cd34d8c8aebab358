"""`innobridge serve`: the production web server (gunicorn), with the address printed."""

import os
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve the app with gunicorn (static files through whitenoise)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))

    def print_demo_login(self) -> None:
        from django.contrib.auth import get_user_model

        from innobridge.organizations.demo import DEMO_SECRETARIAT_EMAIL, DEMO_SECRETARIAT_PASSWORD

        user = get_user_model().objects.filter(email=DEMO_SECRETARIAT_EMAIL).first()
        if user is not None and user.check_password(DEMO_SECRETARIAT_PASSWORD):
            self.stdout.write(
                f"Demo secretariat login: {DEMO_SECRETARIAT_EMAIL} / {DEMO_SECRETARIAT_PASSWORD}"
            )

    def handle(self, *args, host: str, port: int, workers: int, **options) -> None:
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which(
            "gunicorn"
        )
        if gunicorn is None:
            raise CommandError("gunicorn is not installed in this environment.")
        self.stdout.write(self.style.SUCCESS(f"Innobridge is running at http://{host}:{port}/"))
        self.stdout.write(
            "Demo secretariat login: secretariat@demo.innobridge.local / demo-secretariat"
        )
        self.stdout.write("Press Ctrl+C to stop.")
        sys.stdout.flush()
        os.execv(  # noqa: S606 - replaces this process with gunicorn, arguments are ours
            gunicorn,
            [
                gunicorn,
                "innobridge.wsgi",
                f"--bind={host}:{port}",
                f"--workers={workers}",
                "--access-logfile=-",
            ],
        )
