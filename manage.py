#!/usr/bin/env python
"""Django's command-line utility for KruCare.

`platform/` is a source root, not a package (the standard library owns the name
`platform`), so it goes on the import path here, as in wsgi, asgi, pytest and celery.
"""

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent / "platform"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
