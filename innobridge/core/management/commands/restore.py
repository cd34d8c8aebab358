"""`innobridge restore DIR [--force]`: put a backup back and check every table."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from innobridge.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `innobridge backup` into the configured database and "
        "data folder, then compare every table with the backup. Refuses a database or data "
        "folder that is not empty unless --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", help="The backup folder (innobridge-backup-...).")
        parser.add_argument(
            "--force", action="store_true", help="Replace what the target already holds."
        )

    def handle(self, *args, directory: str, force: bool, **options) -> None:
        try:
            result = backup.restore(Path(directory), force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {result.tables} tables ({result.rows} rows) and the files from "
            f"{result.folder}; every table equals the backup."
        )
