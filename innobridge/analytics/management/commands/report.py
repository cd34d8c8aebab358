"""`innobridge report --year 2025 --lang zh-hans [--edition public|secretariat] [--output DIR]`:
the annual report as a PDF and an XLSX of every table behind it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from innobridge.analytics.choices import Audience
from innobridge.analytics.reports import report_build, report_write

EDITIONS = {"public": Audience.PUBLIC, "secretariat": Audience.SECRETARIAT}


class Command(BaseCommand):
    help = "Write the annual report (PDF and XLSX) for a year, in a UI language."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
        parser.add_argument(
            "--lang",
            default="en",
            help="a UI language: " + ", ".join(code for code, _ in settings.LANGUAGES),
        )
        parser.add_argument(
            "--edition",
            choices=sorted(EDITIONS),
            default="public",
            help="public (public agreements only) or secretariat (every agreement)",
        )
        parser.add_argument("--output", type=Path, default=Path("."))

    def handle(self, *args, year: int, lang: str, edition: str, output: Path, **options):
        languages = [code for code, _ in settings.LANGUAGES]
        language = lang.lower()
        if language not in languages:
            raise CommandError(f"Unknown language {lang!r}: use one of {', '.join(languages)}.")
        if not 1990 <= year <= timezone.localdate().year:
            raise CommandError(f"No report for {year}: give a year from 1990 to this year.")
        report = report_build(year=year, language=language, audience=EDITIONS[edition])
        for path in report_write(report, output):
            self.stdout.write(str(path))
