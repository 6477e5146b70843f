"""The central agency's bank and form pages are out of every office's reach.

The routes are enumerated from the central URLconf (every `banks/` route), so a page added
later joins the check.
"""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from central.banks import Bank, BankFormTemplate
from tenants.models import Office
from tests.conftest import central_client, office_client
from tests.isolation.test_office_urls import site_paths

pytestmark = pytest.mark.django_db


def bank_paths() -> list[str]:
    return [path for path in site_paths("config.urls_central") if path.startswith("/banks/")]


def test_the_bank_pages_are_enumerated() -> None:
    assert "/banks/" in bank_paths() and "/banks/forms/1/confirm/" in bank_paths()


@pytest.mark.parametrize("path", bank_paths())
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_office_host_does_not_route_the_bank_pages(
    office_a: Office, path: str, method: str
) -> None:
    """Even an office user holding every office role gets nothing: the office URLconf has no
    such page (404), and the central tables are left as they were."""
    forms, banks = BankFormTemplate.objects.count(), Bank.objects.count()
    response = getattr(office_client(office_a, "everything"), method)(path)
    assert response.status_code in {403, 404}
    assert (BankFormTemplate.objects.count(), Bank.objects.count()) == (forms, banks)


@pytest.mark.parametrize("path", bank_paths())
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_office_session_is_anonymous_on_the_bank_pages(
    office_a: Office, path: str, method: str
) -> None:
    intruder = central_client()
    intruder.cookies = office_client(office_a, "everything").cookies
    forms, banks = BankFormTemplate.objects.count(), Bank.objects.count()
    response = getattr(intruder, method)(path.replace("/x/", "/gsb/"))
    assert response.wsgi_request.user.is_anonymous
    assert response.status_code in {302, 405}
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/")
    assert (BankFormTemplate.objects.count(), Bank.objects.count()) == (forms, banks)
    assert not User.objects.filter(username="everything").exists()  # not a central account


def test_anonymous_visitors_of_the_central_host_read_nothing() -> None:
    for path in bank_paths():
        response = Client(HTTP_HOST="localhost").get(path.replace("/x/", "/gsb/"))
        assert response.status_code in {302, 405}, path
