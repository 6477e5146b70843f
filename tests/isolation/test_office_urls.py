"""Every URL of an office host refuses a session from another office.

The URL list is enumerated from the office URLconf, so every new view joins automatically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tenants.models import Office
from tests.conftest import office_client

pytestmark = pytest.mark.django_db

SAMPLE_VALUES = {
    "int": "1",
    "slug": "x",
    "str": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
    "path": "x",
}


def _walk(patterns: list, prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(route: str) -> str:
    """A request path for a route, with sample values for its converters."""
    route = re.sub(
        r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "x"), route
    )
    if route.startswith("^"):  # a regex route (the admin's); drop anchors and groups
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route).strip("^$").replace("\\", "")
    return "/" + route


def site_paths(urlconf: str) -> list[str]:
    routes = sorted(set(_walk(get_resolver(urlconf).url_patterns)))
    return [_concrete(route) for route in routes]


def office_paths() -> list[str]:
    return site_paths("config.urls_office")


def test_the_office_url_list_is_enumerated() -> None:
    paths = office_paths()
    assert "/" in paths and "/accounts/users/" in paths and "/admin/" in paths


@pytest.mark.parametrize("path", office_paths())
@pytest.mark.parametrize("method", ["get", "post"])
def test_session_from_one_office_is_anonymous_on_another(
    office_a: Office, office_b: Office, path: str, method: str
) -> None:
    signed_in = office_client(office_a, "everything")
    intruder = office_client(office_b)
    intruder.cookies = signed_in.cookies  # the cookie copied over by hand
    response = getattr(intruder, method)(path, follow=False)
    assert response.wsgi_request.user.is_anonymous
    # 415: the API's token URL takes no multipart body (the test client's POST).
    assert response.status_code in {200, 302, 400, 401, 403, 404, 405, 415}
    if response.status_code == 302:  # to a login page on the same host, never elsewhere
        assert response["Location"].startswith("/")
    body = response.content.decode(errors="replace")
    assert "only-in-alpha" not in body


def test_signed_in_user_sees_their_own_office(office_a: Office) -> None:
    response = office_client(office_a, "everything").get("/accounts/users/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "only-in-alpha" in body and "only-in-beta" not in body


@pytest.mark.parametrize("path", site_paths("config.urls_central"))
def test_office_session_is_anonymous_on_every_central_url(office_a: Office, path: str) -> None:
    from tests.conftest import central_client

    signed_in = office_client(office_a, "everything")
    intruder = central_client()
    intruder.cookies = signed_in.cookies
    response = intruder.get(path, follow=False)
    assert response.wsgi_request.user.is_anonymous
    assert response.status_code in {200, 302, 400, 401, 403, 404, 405}
