"""`innobridge demo`: load every app's demo data, idempotently (see settings.DEMO_LOADERS).
Each loader returns a summary whose text is what to print (counts, the demo sign-ins)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo alliance (idempotent: running it again changes nothing)."

    def handle(self, *args, **options) -> None:
        for path in settings.DEMO_LOADERS:
            summary = import_string(path)()
            self.stdout.write(f"{path.rsplit('.', 2)[0]}: {summary}")
