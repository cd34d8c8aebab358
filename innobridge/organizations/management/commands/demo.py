from django.core.management.base import BaseCommand

from innobridge.organizations.demo import (
    DEMO_SECRETARIAT_EMAIL,
    DEMO_SECRETARIAT_PASSWORD,
    demo_load,
)


class Command(BaseCommand):
    help = "Load the demo alliance (idempotent: running it again changes nothing)."

    def handle(self, *args, **options) -> None:
        summary = demo_load()
        self.stdout.write(
            f"Demo organizations: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged."
        )
        self.stdout.write(
            f"Demo secretariat: {DEMO_SECRETARIAT_EMAIL} / {DEMO_SECRETARIAT_PASSWORD}"
        )
