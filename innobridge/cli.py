"""The `innobridge` console script: Django's management commands under the product's name.

`innobridge serve`, `innobridge demo` and `innobridge createsecretariat` are management
commands of our apps; everything else (`migrate`, `shell`, ...) is Django's own.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, defaulting to our settings module.

    Commands may be spelled with hyphens (`innobridge import-listings`); Python modules
    cannot, so the hyphens of the command name become underscores."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobridge.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(
        ["innobridge", *command_arguments(sys.argv[1:] if argv is None else argv)]
    )


def command_arguments(argv: list[str]) -> list[str]:
    """The arguments with the command's hyphens as underscores (import-listings)."""
    arguments = list(argv)
    if arguments and not arguments[0].startswith("-"):
        arguments[0] = arguments[0].replace("-", "_")
    return arguments


if __name__ == "__main__":
    main()
