"""The `innobridge` console script: Django's management commands under the product's name.

`innobridge serve`, `innobridge demo` and `innobridge createsecretariat` are management
commands of our apps; everything else (`migrate`, `shell`, ...) is Django's own.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, defaulting to our settings module."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobridge.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["innobridge", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
