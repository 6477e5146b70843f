"""The benchmark exports (CSV and XLSX of one fiscal year), kept as files per data version.

At 2,450 offices one year's export is 115,000 rows (48 MB of CSV): rendering it took 3.5 s for
the CSV and 25 s for the XLSX on every download (issue 21). What it holds changes only when a
collection writes a value or an office changes (`BenchmarkVersion`), so each export is rendered
once per data version, language and fiscal year, into the public schema's media folder shared
by every web and worker process, and downloads stream the file. `prepare_exports_task` renders
the default year's files after the nightly collection, so that no analyst waits for them; a
download that finds no file for the current version renders it first.

A file is written under a temporary name and renamed into place (a reader never sees half a
file; two processes rendering the same version write the same bytes). Older versions of the
same export are removed once the new one is in place (a download already streaming one keeps
reading it: an open file outlives its name).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Literal

from django.conf import settings
from django.utils.translation import get_language

from central.comparison import data_version
from core.schemas import PUBLIC_SCHEMA
from core.spreadsheets import csv_row, xlsx_append

Kind = Literal["csv", "xlsx"]
KINDS: tuple[Kind, ...] = ("csv", "xlsx")
FOLDER = "central-exports"


def exports_dir() -> Path:
    """The folder of the kept exports: the public schema's part of MEDIA_ROOT (offices' files
    are under their own schema's folder, so no office's storage reaches it)."""
    return Path(settings.MEDIA_ROOT) / PUBLIC_SCHEMA / FOLDER


def _name(fiscal_year: int, kind: Kind, language: str, version: int) -> str:
    return f"benchmarks-{fiscal_year}-{language}-v{version}.{kind}"


def render(fiscal_year: int | None, kind: Kind) -> bytes:
    """One fiscal year's export, rendered now (in the active language); with no year (nothing
    collected yet) its header only."""
    from central.benchmark_views import export_header, export_rows

    if kind == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # a BOM, so that Excel reads Thai
        writer = csv.writer(buffer)
        writer.writerow(export_header())
        writer.writerows(csv_row(row) for row in export_rows(fiscal_year))
        return buffer.getvalue().encode("utf-8")
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(fiscal_year or "-"))
    sheet.append(export_header())
    for row in export_rows(fiscal_year):
        xlsx_append(sheet, row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_file(fiscal_year: int, kind: Kind) -> Path:
    """The kept file of one fiscal year's export for the current data version and the active
    language, rendered first if it is not there yet."""
    language = get_language() or settings.LANGUAGE_CODE
    version = data_version()
    folder = exports_dir()
    path = folder / _name(fiscal_year, kind, language, version)
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    content = render(fiscal_year, kind)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".rendering-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for older in folder.glob(f"benchmarks-{fiscal_year}-{language}-v*.{kind}"):
        if older != path:
            older.unlink(missing_ok=True)
    return path
