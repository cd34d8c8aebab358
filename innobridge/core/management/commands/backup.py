"""`innobridge backup DIR`: the database, uploaded files and search index (core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innobridge.core import backup


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and the search index into a new folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", help="Where the backup folder is made.")

    def handle(self, *args, directory: str, **options) -> None:
        try:
            result = backup.backup(Path(directory))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {result.tables} tables ({result.rows} rows) and the files to "
            f"{result.folder}"
        )
