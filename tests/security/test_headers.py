"""Every page of an office and of the central site, found from the URLconfs, carries the strict
Content-Security-Policy, and every response to a signed-in person or on `/api/` says
`Cache-Control: private, no-store` (issue 11, point 5). No template has an inline script, an
on*= handler, a <style> element or a style= attribute."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context

from tenants.models import Office
from tests.conftest import central_client, office_client

pytestmark = pytest.mark.django_db

REQUIRED = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)
SAMPLE = {
    "int": "1",
    "slug": "x",
    "str": "x",
    "path": "x",
    "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _concrete(route: str, ids: dict[str, str]) -> str:
    """A request path: named ids of real objects where the test made them, else samples."""
    route = re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: ids.get(m.group(2), SAMPLE.get(m.group(1) or "str", "x")),
        route,
    )
    route = re.sub(r"\(\?P<(\w+)>([^)]*)\)", lambda m: m.group(2).split("|")[0], route)
    route = route.replace("^", "").replace("$", "").replace(".*", "nothing/").replace("\\", "")
    return "/" + route


def site_paths(urlconf: str, ids: dict[str, str] | None = None) -> list[str]:
    routes = sorted(set(_walk(get_resolver(urlconf).url_patterns)))
    return sorted({_concrete(route, ids or {}) for route in routes})


def _office_ids(office: Office) -> dict[str, str]:
    """A person, a claim and an ID-card application in the office, so detail pages render."""
    from apps.idcards.services import card_application_create
    from tests.reimbursements.conftest import make_medical_claim, user

    with schema_context(office.schema_name):
        claim = make_medical_claim("HDR-1")
        claimant = claim.claimant
        application = card_application_create(
            person=claimant, reason="first", received_by=user("welfare_officer")
        )
    return {
        "person_id": str(claimant.pk),
        "claim_id": str(claim.pk),
        "application_id": str(application.pk),
        "service_request_id": str(claim.service_request_id),
    }


def _assert_policy(response: Any, path: str) -> None:
    policy = response.get("Content-Security-Policy", "")
    assert policy, f"{path} ({response.status_code}) has no Content-Security-Policy"
    if policy.strip() == "sandbox" or policy.startswith("sandbox"):
        return  # an uploaded file: stricter still
    for directive in REQUIRED:
        assert directive in policy, f"{path}: {directive} missing from {policy}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, f"{path}: {policy}"


def _assert_private(response: Any, path: str) -> None:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (
        f"{path} ({response.status_code}): Cache-Control {response.get('Cache-Control')!r}"
    )


def test_the_crawl_covers_both_sites() -> None:
    office = site_paths("config.urls_office")
    central = site_paths("config.urls_central")
    assert {"/", "/people/", "/claims/", "/idcards/", "/api/v1/people/", "/admin/"} <= set(office)
    assert {"/", "/benchmarks/", "/offices/new/", "/api/v1/docs/"} <= set(central)


def _crawl(signed_in: Client, anonymous: Client, paths: list[str]) -> set[int]:
    """GET every path signed in and anonymously; the statuses the signed-in person saw."""
    statuses = set()
    for path in paths:
        response = signed_in.get(path)
        statuses.add(response.status_code)
        _assert_policy(response, path)
        _assert_private(response, path)
        response = anonymous.get(path)
        _assert_policy(response, path)
        if path.startswith("/api/"):
            _assert_private(response, path)
    return statuses


def test_every_office_page_has_the_policy_and_is_never_cached(office_a: Office) -> None:
    paths = site_paths("config.urls_office", _office_ids(office_a))
    statuses = _crawl(office_client(office_a, "everything"), office_client(office_a), paths)
    assert 200 in statuses


def test_every_central_page_has_the_policy_and_is_never_cached() -> None:
    paths = site_paths("config.urls_central", {"code": "alpha", "office_code": "alpha"})
    statuses = _crawl(central_client("operator"), central_client(), paths)
    assert 200 in statuses


def test_people_and_their_api_carry_no_store(office_a: Office) -> None:
    """The finding's own pages: the register and its API, which carry national IDs."""
    client = office_client(office_a, "everything")
    for path in ("/people/", "/api/v1/people/"):
        response = client.get(path)
        assert response.status_code == 200
        _assert_private(response, path)


def test_static_files_keep_their_own_caching(office_a: Office) -> None:
    response = Client(HTTP_HOST=f"{office_a.code}.localhost").get("/static/core/krucare.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


SOURCE_DIRS = ("platform", "apps", "api", "tenants")
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on*= handler"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_or_drawn_svg_has_inline_script_or_style() -> None:
    root = Path(settings.BASE_DIR)
    found = []
    for folder in SOURCE_DIRS:
        for path in (root / folder).rglob("*"):
            if path.suffix not in {".html", ".py"} or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".py" and "<svg" not in text:
                continue  # only Python that draws markup
            for pattern, what in INLINE:
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(f"{path.relative_to(root)}:{line}: {what}")
    assert found == []
