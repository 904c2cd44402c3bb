"""`dala`: Django's manage.py with dala's settings (``dala migrate``, ``dala demo``, ``dala db_worker``…)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dala.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # `dala import-inventory` reads better than `dala import_inventory`; accept both.
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
