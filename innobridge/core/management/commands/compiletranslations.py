"""Compile the .po catalogues to .mo with Babel, so no system gettext is needed."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po into .mo (pure Python, via Babel)."

    def handle(self, *args, **options) -> None:
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                locale = po_path.parent.parent.name
                with po_path.open("rb") as po_file:
                    catalog = read_po(po_file, locale=locale.replace("-", "_"))
                errors = list(catalog.check())
                if errors:
                    message, problems = errors[0]
                    raise CommandError(f"{po_path}: {message.id!r}: {problems[0]}")
                with po_path.with_suffix(".mo").open("wb") as mo_file:
                    write_mo(mo_file, catalog)
                compiled += 1
        self.stdout.write(f"Compiled {compiled} catalogue(s).")
