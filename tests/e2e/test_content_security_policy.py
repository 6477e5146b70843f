"""The main pages of an office and of the central site run in Chromium under the enforced
Content-Security-Policy without a single violation (issue 11, point 5): every script, style,
font and image comes from the site's own files, htmx adds no <style>, and the behaviour that
inline handlers used to carry (a select that submits its form) still works."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

# Violations the page itself sees, collected before any of its scripts run.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + (e.sourceFile || document.location.pathname) + ":" + e.lineNumber);
});
"""

OFFICE_PAGES = [
    "/",
    "/people/",
    "/people/new/",
    "/people/import/",
    "/people/schools/",
    "/desk/",
    "/desk/display/",
    "/desk/statistics/",
    "/desk/service-types/",
    "/idcards/",
    "/idcards/new/",
    "/claims/",
    "/claims/medical/new/",
    "/claims/child-education/new/",
    "/claims/registers/medical/",
    "/claims/registers/child-education/",
    "/claims/settings/",
    "/welfareshop/",
    "/welfareshop/tally/",
    "/welfareshop/book/",
    "/welfareshop/album/",
    "/benchmarks/",
    "/audit/",
    "/accounts/users/",
    "/accounts/password/change/",
    "/accounts/two-factor/",
    "/accounts/sessions/",
    "/api-clients/",
    "/admin/",
    "/admin/accounts/user/",
    "/api/v1/docs/",
]
CENTRAL_PAGES = [
    "/",
    "/benchmarks/",
    "/benchmarks/collection/",
    "/offices/new/",
    "/banks/",
    "/banks/new/",
    "/banks/gsb/programmes/new/",
    "/banks/gsb/forms/new/?programme=welfare",
    "/audit/",
    "/accounts/users/",
    "/admin/",
    "/api/v1/docs/",
]


class Watch:
    """Every CSP violation a page reports, from the page's own event and the console."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.context.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def visit(self, url: str) -> list[str]:
        response = self.page.goto(url)
        assert response is not None and response.status < 400, (
            f"{url}: {response and response.status}"
        )
        header = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in header, f"{url}: {header!r}"
        self.page.wait_for_load_state("load")
        seen: list[str] = self.page.evaluate("window.__cspViolations")
        found = [f"{url}: {v}" for v in seen] + [f"{url}: {c}" for c in self.console]
        self.console.clear()
        return found


def test_main_pages_report_no_policy_violation(page: Any, web_server: str) -> None:
    from playwright.sync_api import expect

    watch = Watch(page)
    violations: list[str] = []
    alpha = f"http://alpha.localhost:{web_server}"
    central = f"http://localhost:{web_server}"

    violations += watch.visit(f"{alpha}/accounts/login/")
    sign_in(page, "everything", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for path in OFFICE_PAGES:
        violations += watch.visit(alpha + path)
    # Swagger UI has built itself from its separate set-up script.
    page.goto(f"{alpha}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()

    violations += watch.visit(f"{central}/accounts/login/")
    sign_in(page, "operator", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for path in CENTRAL_PAGES:
        violations += watch.visit(central + path)

    assert violations == []


def test_a_select_marked_autosubmit_submits_its_form(page: Any, web_server: str) -> None:
    """What `onchange="this.form.submit()"` did, now from core/krucare.js."""
    from playwright.sync_api import expect

    alpha = f"http://alpha.localhost:{web_server}"
    page.goto(f"{alpha}/accounts/login/")
    sign_in(page, "everything", PASSWORD)
    page.goto(f"{alpha}/idcards/")
    select = page.locator("select[data-autosubmit]")
    # The register offers only years with data; one more choice is enough to change to.
    select.evaluate("s => s.add(new Option('2550', '2550'))")
    select.select_option("2550")
    expect(page).to_have_url(f"{alpha}/idcards/?fy=2550")
