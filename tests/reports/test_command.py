"""`manage.py annual_report`: clear errors for an unknown office, a bad year, an unknown file
type or folder, and nothing written; the documents themselves where the renderers are here."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tenants.models import Office

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("office", "year", "name", "message"),
    [
        ("nowhere", 2557, "r.pdf", "No office with the code 'nowhere'"),
        ("alpha", 2026, "r.pdf", "Buddhist Era"),
        ("alpha", 25570, "r.pdf", "at most"),
        ("alpha", 2557, "r.odt", "Unknown output type '.odt'"),
        ("alpha", 2557, "report", "Unknown output type '(none)'"),
        ("alpha", 2557, "missing/r.pdf", "does not exist"),
    ],
)
def test_bad_arguments_are_refused_clearly_and_write_nothing(
    office_a: Office, tmp_path: Path, office: str, year: int, name: str, message: str
) -> None:
    output = tmp_path / name
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("annual_report", office, "--fiscal-year", str(year), "--output", str(output))
    assert list(tmp_path.iterdir()) == []


def test_thai_and_arabic_digits_exclude_each_other(office_a: Office, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command(
            "annual_report",
            "alpha",
            "--fiscal-year",
            "2557",
            "--output",
            str(tmp_path / "r.pdf"),
            "--thai-digits",
            "--arabic-digits",
        )


@pytest.mark.parametrize(
    ("name", "start"), [("r.pdf", b"%PDF"), ("r.docx", b"PK"), ("r.zip", b"PK")]
)
def test_the_command_writes_the_document_its_extension_names(
    office_a: Office, tmp_path: Path, name: str, start: bytes
) -> None:
    output = tmp_path / name
    call_command("annual_report", "alpha", "--fiscal-year", "2557", "--output", str(output))
    assert output.read_bytes().startswith(start)
