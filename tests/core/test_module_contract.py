"""The module contract (`core.modules`): the office's URLs, scopes, desk, feeds, webhooks,
indicators, benchmarks and home page are built from the modules' declarations, and a module
added by one INSTALLED_APPS line (`tests.probe`) appears in every one of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.urls import reverse

from core import modules
from core.indicators import indicator_get

ROOT = Path(__file__).resolve().parents[2]

PROBE_REPORT = r"""
import json
import django
from types import SimpleNamespace

django.setup()

from django.template.loader import render_to_string
from django.urls import resolve, reverse

from apps.onestop.entry_points import entry_url
from clients.scopes import all_scopes
from central.benchmark_views import KEY_INDICATORS
from core import modules
from core.indicators import indicator_get
from webhooks.services import event_types
from api.v1.feeds.events import catalogue
from apps.reports.compose import report_sections

home = render_to_string(
    "core/office_home.html",
    {
        "modules": modules.home_cards(),
        "user": SimpleNamespace(is_authenticated=True, display_name="x"),
        "office": SimpleNamespace(name_th="x", name_en=""),
    },
)
public = render_to_string(
    "core/office_home.html",
    {
        "modules": modules.home_cards(),
        "public_blocks": modules.public_blocks(),
        "user": SimpleNamespace(is_authenticated=False),
        "office": SimpleNamespace(name_th="x", name_en=""),
    },
)
print(json.dumps({
    "page": reverse("probe:home"),
    "api": resolve("/api/v1/probe/things/", urlconf="config.urls_office").url_name,
    "scope": "probe:read" in all_scopes(),
    "feed": "probe.thing" in modules.feed_resources(),
    "webhook": "probe.thing" in event_types(),
    "event": [
        (e["name"], e["resource_path"], e["payload_schema"])
        for e in catalogue() if e["name"] == "probe.thing"
    ],
    "indicator": indicator_get("probe.things") is not None,
    "key_indicator": "probe.things" in KEY_INDICATORS,
    "desk": [s.code for s in modules.desk_services() if s.code == "probe_service"],
    "entry": entry_url(service_type_code="probe_service", service_request_id=7),
    "home": 'href="/probe/"' in home,
    "public": "Probe call for applications" in public,
    "register": [r.code for r in modules.registers() if r.code == "probe.register"],
    "report_section": "probe" in report_sections(),
}))
"""


def _report(settings_module: str) -> dict[str, object]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE_REPORT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_module_added_by_one_installed_apps_line_appears_everywhere() -> None:
    report = _report("tests.probe.settings")
    assert report == {
        "page": "/probe/",
        "api": "probe-things",
        "scope": True,
        "feed": True,
        "webhook": True,
        "event": [["probe.thing", "/api/v1/probe/things/{id}/", "#/components/schemas/Thing"]],
        "indicator": True,
        "key_indicator": True,
        "desk": ["probe_service"],
        "entry": "/probe/?ticket=7",
        "home": True,
        "public": True,
        "register": ["probe.register"],
        "report_section": True,
    }


def test_without_the_line_the_probe_is_nowhere() -> None:
    with pytest.raises(AssertionError):
        _report("config.settings.test")  # reverse("probe:home") fails: the report cannot run


def test_the_installed_modules_and_what_they_declare() -> None:
    assert [module.code for module in modules.modules()] == [
        "onestop",
        "people",
        "idcards",
        "payroll",
        "reimbursements",
        "certificates",
        "welfareshop",
        "revolvingfund",
        "healthchecks",
        "reports",
        "benchmarks",
        "delegations",
        "committees",
    ]
    assert sorted(modules.feed_resources()) == [
        "certificates.certificate",
        "healthchecks.campaign",
        "idcards.card",
        "payments.payment",
        "people.person",
        "revolvingfund.approval",
        "revolvingfund.loan",
        "revolvingfund.repayment",
        "welfareshop.booking",
        "welfareshop.member",
    ]
    assert [card.url_name for card in modules.home_cards()][:11] == [
        "onestop:desk",
        "people:person_list",
        "idcards:register",
        "payroll:home",
        "reimbursements:claim_list",
        "certificates:register",
        "welfareshop:home",
        "revolvingfund:home",
        "healthchecks:campaigns",
        "reports:report_current",
        "benchmarks:card",
    ]
    for module in modules.modules():
        assert module.home is not None
        reverse(module.home)
        for code in module.key_indicators:
            assert indicator_get(code) is not None, code
        for register in module.registers:
            reverse(register.url_name)


def test_the_registry_passes_its_system_check() -> None:
    assert modules.module_declarations_check() == []
    assert not [m for m in checks.run_checks() if m.id and m.id.startswith("core.E2")]
