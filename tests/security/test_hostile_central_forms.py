"""Hostile values typed into every form of the central site's bank pages: no 500, Thai
messages, nothing written to the banks, programmes and form templates.

The pages are the `banks/` routes of the central URLconf, read as a platform operator who did
not make the form versions shown (so the confirm form is on the page too). Every `<form>` found
is submitted once per hostile value of `test_hostile_forms`, that value in every field. A
submission that must be refused (every one here: an empty, overlong or NUL-carrying value, or a
year, amount or ID where a code, a date or JSON belongs) adds no row, and changes none.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.forms.models import model_to_dict

from central.banks import Bank, BankFormTemplate, LoanProgramme
from tests.conftest import central_client
from tests.isolation.test_central_bank_pages import bank_paths
from tests.security.test_hostile_forms import (
    ENGLISH_ERRORS,
    HOSTILE,
    THAI,
    Form,
    _body,
    _FormParser,
    _send,
    _submission,
)

pytestmark = pytest.mark.django_db


def _state() -> list[object]:
    return [
        [model_to_dict(row) for row in model.objects.order_by("pk")]
        for model in (Bank, LoanProgramme, BankFormTemplate)
    ]


def _pages() -> list[str]:
    template = BankFormTemplate.objects.get(bank__code="gsb", programme__code="welfare")
    pages = []
    for path in bank_paths():
        if path.endswith(".pdf"):
            continue
        if "/programmes/x/" not in path and path != "/banks/x/":
            pages.append(path.replace("/x/", "/gsb/").replace("/1/", f"/{template.pk}/"))
    pages.append("/banks/gsb/forms/new/?programme=welfare")
    pages.append("/banks/gsb/programmes/welfare/")
    pages.append("/banks/gsb/")
    return pages


def test_hostile_values_in_every_bank_form() -> None:
    client = central_client("analyst")  # warm: the analyst's pages have no forms to post
    client = central_client("operator")
    client.raise_request_exception = False
    forms: list[Form] = []
    problems: list[str] = []
    for page in _pages():
        response = client.get(page)
        if response.status_code >= 500:
            problems.append(f"GET {page}: {response.status_code}")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _FormParser(page)
        parser.feed(_body(response))
        forms += [
            f for f in parser.forms if f.fields and urlsplit(f.action).path.startswith("/banks/")
        ]
    unique = {(f.method, f.action, tuple(sorted(f.fields))): f for f in forms}.values()
    actions = {urlsplit(f.action).path.rsplit("/", 2)[-2] for f in unique}
    # the bank, programme and version forms, retiring a version, a bank or programme in use
    assert {"new", "retire", "active", "welfare", "gsb"} <= actions, actions
    assert len(unique) >= 6

    for form in unique:
        for value_name in HOSTILE:
            before = _state()
            response = _send(client, form, _submission(form, value_name))
            where = f"{form.method.upper()} {form.action} ({form.page}) with {value_name}"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
                continue
            if response.status_code in (301, 302):  # back to a page, with a message
                response = client.get(response["Location"])
            body = _body(response)
            if ENGLISH_ERRORS.search(body):
                problems.append(f"{where}: English message {ENGLISH_ERRORS.search(body)[0]!r}")
            if not THAI.search(body):
                problems.append(f"{where}: no Thai on the page")
            if _state() != before:
                problems.append(f"{where}: the central tables changed")
    assert not problems, "\n".join(problems)
