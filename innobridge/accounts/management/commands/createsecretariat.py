"""`innobridge createsecretariat`: an account for secretariat staff (admin access, all rights)."""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from innobridge.accounts.services import secretariat_user_create


class Command(BaseCommand):
    help = (
        "Create a secretariat account. The password comes from --password, "
        "$SECRETARIAT_PASSWORD or a prompt."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--password", default=os.environ.get("SECRETARIAT_PASSWORD"))
        parser.add_argument("--organization", type=int, help="id of the secretariat's organization")

    def handle(self, *args, email: str, password: str | None, organization: int | None, **options):
        if not password:
            if not options.get("interactive", True) or not os.isatty(0):
                raise CommandError("Give a password with --password or $SECRETARIAT_PASSWORD.")
            password = getpass.getpass("Password: ")
        try:
            user = secretariat_user_create(
                email=email, password=password, organization_id=organization
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Secretariat account {user.email} created."))
