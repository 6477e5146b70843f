"""An HR system's engineer generates a Python client from each host's OpenAPI schema with
openapi-python-client (the version pinned in pyproject's dev dependencies), installs it with
pip, imports every module of it, and uses the office's client against a live server: pages a
change feed to its end, sends one bulk import twice with one Idempotency-Key (the second answer
is the replay, nothing is imported twice) and reads claims.

The generator runs with `--fail-on-warning` (a schema piece it cannot turn into code fails the
test). pip builds the generated package with its build backend, `uv_build`, pinned in the
project's dev dependencies (no download); where it cannot build it, the tests are skipped
loudly, as the browser tests are without Chromium.

The live server (`tests.conftest.web_server`) serves committed data from a thread: this
module's tests run outside a test transaction and remove what they made.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import random
import shutil
import subprocess
import sys
import uuid
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tests.people.factories import national_id

GENERATOR_VERSION = "0.29.1"
PACKAGES = {"office": "krucare_office_client", "central": "krucare_central_client"}
HOSTS = {"office": "alpha.localhost", "central": "localhost"}


def loud_skip(message: str) -> None:
    warnings.warn(message, stacklevel=2)
    print(f"\n{'!' * 78}\n!! {message}\n{'!' * 78}")  # noqa: T201
    pytest.skip(message)


def host_schema(host: str) -> dict[str, Any]:
    response = Client(HTTP_HOST=host).get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return json.loads(response.content)


def _run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The venv's scripts first on PATH: uv_build runs its `uv-build` executable from there.
    scripts = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": os.pathsep.join([scripts, os.environ.get("PATH", "")])}
    return subprocess.run(  # noqa: S603 (our own tools, fixed arguments)
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def installed_clients(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, str]]:
    """Each host's client, generated and pip-installed into one target directory on sys.path;
    yields the package name by host."""
    generator = Path(sys.executable).parent / "openapi-python-client"
    version = _run(str(generator), "--version", cwd=Path.cwd())
    assert GENERATOR_VERSION in version.stdout, version.stdout + version.stderr
    work = tmp_path_factory.mktemp("generated")
    target = work / "site"
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        schemas = {kind: host_schema(host) for kind, host in HOSTS.items()}
    for kind, package in PACKAGES.items():
        (work / f"{kind}.json").write_text(json.dumps(schemas[kind]))
        (work / f"{kind}.yaml").write_text(
            f"project_name_override: {package.replace('_', '-')}\n"
            f"package_name_override: {package}\n"
            "post_hooks: []\n"
        )
        generated = _run(
            str(generator),
            "generate",
            "--path",
            f"{kind}.json",
            "--config",
            f"{kind}.yaml",
            "--output-path",
            kind,
            "--meta",
            "uv",
            "--fail-on-warning",
            cwd=work,
        )
        assert generated.returncode == 0, generated.stdout + generated.stderr
        installed = _run(
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",  # its build backend, uv_build, is pinned in the dev deps
            "--target",
            str(target),
            f"./{kind}",
            cwd=work,
        )
        if installed.returncode != 0:
            loud_skip(
                "GENERATED CLIENT TESTS SKIPPED: pip could not build the generated client "
                f"(is uv-build installed? make install): {installed.stderr[-500:]}"
            )
    sys.path.insert(0, str(target))
    try:
        yield PACKAGES
    finally:
        sys.path.remove(str(target))
        for name in list(sys.modules):
            if name.split(".")[0] in PACKAGES.values():
                del sys.modules[name]
        shutil.rmtree(work, ignore_errors=True)


def test_a_client_generated_from_each_hosts_schema_installs_and_imports_every_module(
    installed_clients: dict[str, str],
) -> None:
    for kind, package in installed_clients.items():
        root = importlib.import_module(package)
        assert Path(root.__file__ or "").parent.parent.name == "site"  # the installed copy
        failures, names = [], []
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            names.append(module.name)
            try:
                importlib.import_module(module.name)
            except Exception as error:  # noqa: BLE001 (every failure is listed)
                failures.append((module.name, repr(error)))
        assert not failures, failures
        expected = {
            "office": {".feed_read", ".people_bulk_import", ".reimbursements_claims_list"},
            "central": {".offices_list", ".national_feed_read", ".benchmarks_values_list"},
        }[kind]
        for suffix in expected:
            assert any(name.endswith(suffix) for name in names), (kind, suffix)


@pytest.fixture
def live_office(django_db_blocker: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """A committed machine client of office alpha (feeds, people, claims) and a committed
    claim; afterwards everything the test made is removed."""
    from accounts.models import User
    from apps.onestop.models import ServiceRequest, TicketCounter
    from apps.people.models import FamilyMember, ImportBatch, Person
    from apps.reimbursements.models import Claim, Receipt
    from clients.models import ApiClient
    from clients.services import client_create
    from tests.api.test_reimbursements_api import _claim

    seeds = random.sample(range(10**9, 10**10), 2)  # noqa: S311 (test data)
    people = [national_id(seed, first="5") for seed in seeds]
    key = f"generated-client-{uuid.uuid4()}"
    made: dict[str, Any] = {"people": people, "key": key}
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        with schema_context("esa_alpha"):
            _, made["secret"] = client_create(
                name=f"generated client {key}",
                scopes=["feeds:read", "people:read", "people:write", "claims:read"],
                actor=User.objects.get(username="office_admin"),
            )
        claim = _claim(_office("alpha"), key[-12:])
        made["claim"] = claim.pk
    try:
        yield made
    finally:
        with django_db_blocker.unblock(), schema_context("esa_alpha"):  # type: ignore[attr-defined]
            claims = Claim.objects.filter(pk=made["claim"])
            claimants = Person.objects.filter(claims__in=claims)
            tickets = list(claims.values_list("service_request_id", flat=True))
            Receipt.objects.filter(claim__in=claims).delete()
            claims.delete()
            ServiceRequest.objects.filter(pk__in=tickets).delete()
            from django.utils import timezone

            TicketCounter.objects.filter(day=timezone.localdate()).delete()
            mine = Person.objects.filter(national_id__in=people) | claimants
            FamilyMember.objects.filter(person__in=mine).delete()
            mine.delete()
            ImportBatch.objects.filter(idempotency_key__endswith=f":{key}").delete()
            ApiClient.objects.filter(name=f"generated client {key}").delete()


def _office(code: str) -> Any:
    from tenants.models import Office

    return Office.objects.get(code=code)


def test_the_generated_office_client_pages_a_feed_imports_once_and_reads_claims(
    installed_clients: dict[str, str],
    live_office: dict[str, Any],
    web_server: str,
    django_db_blocker: pytest.FixtureRequest,
) -> None:
    package = installed_clients["office"]
    client_module = importlib.import_module(package)
    feed_read = importlib.import_module(f"{package}.api.feed.feed_read")
    bulk_import = importlib.import_module(f"{package}.api.people.people_bulk_import")
    claims = f"{package}.api.reimbursements"
    claims_list = importlib.import_module(f"{claims}.reimbursements_claims_list")
    claim_get = importlib.import_module(f"{claims}.reimbursements_claims_retrieve")
    models = importlib.import_module(f"{package}.models")
    types = importlib.import_module(f"{package}.types")

    # Python does not resolve *.localhost: connect to the loopback, and name the office.
    api = client_module.AuthenticatedClient(
        base_url=f"http://127.0.0.1:{web_server}",
        token=live_office["secret"],
        headers={"Host": f"alpha.localhost:{web_server}"},
        raise_on_unexpected_status=True,
    )
    first_id, second_id = live_office["people"]
    batch = models.BulkImportRequest.from_dict(
        {
            "people": [
                {
                    "national_id": nid,
                    "title": "นาง",
                    "first_name_th": "ทดสอบ",
                    "last_name_th": f"ลูกข่าย{index}",
                    "birth_date": "1984-03-15",
                    "category": "teacher",
                    "monthly_salary": "32150.50",
                }
                for index, nid in enumerate((first_id, second_id))
            ],
            "family": [],
        }
    )
    answers = [
        bulk_import.sync_detailed(client=api, body=batch, idempotency_key=live_office["key"])
        for _ in range(2)
    ]
    assert [answer.status_code for answer in answers] == [201, 201]
    first, again = (answer.parsed for answer in answers)
    assert isinstance(first, models.BulkImportResult)
    assert (first.created, first.updated, first.refused) == (2, 0, 0)
    assert "idempotent-replayed" not in answers[0].headers
    assert answers[1].headers["idempotent-replayed"] == "true"
    assert again.to_dict() == first.to_dict()
    from apps.people.models import ImportBatch, Person

    with django_db_blocker.unblock(), schema_context("esa_alpha"):  # type: ignore[attr-defined]
        assert Person.objects.filter(national_id__in=live_office["people"]).count() == 2
        batches = ImportBatch.objects.filter(idempotency_key__endswith=f":{live_office['key']}")
        assert batches.count() == 1
        salary = Person.objects.get(national_id=first_id).monthly_salary
    assert salary == Decimal("32150.50")

    # The people feed, one event a page, from the start to its end.
    after: Any = types.UNSET
    events: list[Any] = []
    pages = 0
    while True:
        page = feed_read.sync(
            client=api, resource=models.FeedReadResource.PEOPLE_PERSON, after=after, limit=1
        )
        assert isinstance(page, models.FeedPage)
        pages += 1
        events.extend(page.events)
        after = page.next_
        if not page.has_more:
            break
    ids = [event.id for event in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids) and pages >= 2
    created = [
        event.data.to_dict().get("national_id")
        for event in events
        if event.action.value == "created"
    ]
    assert {first_id, second_id} <= set(created)
    end = feed_read.sync(
        client=api, resource=models.FeedReadResource.PEOPLE_PERSON, after=after, limit=1
    )
    assert end.events == [] and not end.has_more  # resumes at the end

    # Claims: the list (typed), then the claim made for this test.
    listed = claims_list.sync(client=api, limit=50)
    assert isinstance(listed, models.PaginatedClaimList)
    assert live_office["claim"] in {claim.id for claim in listed.results}
    detail = claim_get.sync(client=api, claim_id=live_office["claim"])
    assert isinstance(detail, models.ClaimDetail)
    assert detail.kind.value == "medical" and detail.claimed_amount == "1250.50"


@pytest.fixture
def readme_sample(django_db_blocker: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """The README's sample client (its feed and bulk-import part, before the webhook, which
    waits for a person to issue a card), pointed at office alpha on the live server, with a
    client made as the README makes it; what it made is removed afterwards."""
    import re
    import shlex
    from io import StringIO

    from django.conf import settings
    from django.core.management import call_command

    from apps.people.models import ImportBatch, Person
    from clients.models import ApiClient

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    command = re.search(r"manage\.py create_api_client phatthalung2 (.*?)\)\n", readme, re.S)
    assert command is not None
    arguments = shlex.split(command.group(1).replace("\\\n", " ").replace("$(date +%s)", "x"))
    code = re.search(r"<<'PY'\n(.*?)\nPY\n", readme, re.S)
    assert code is not None
    script = code.group(1).split("# Receive a signed webhook")[0]
    batch_id = re.search(r'"national_id": "(\d{13})"', script)
    assert batch_id is not None

    def clean() -> None:
        with schema_context("esa_alpha"):
            Person.objects.filter(national_id=batch_id.group(1)).delete()
            ImportBatch.objects.filter(idempotency_key__endswith=":sample-batch-0001").delete()
            ApiClient.objects.filter(name=arguments[0]).delete()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        clean()
        out = StringIO()
        call_command("create_api_client", "alpha", *arguments, stdout=out)
    try:
        yield {"secret": out.getvalue().strip(), "script": script}
    finally:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            clean()


def test_the_readme_sample_client_runs_as_written(
    readme_sample: dict[str, str], web_server: str, tmp_path: Path
) -> None:
    script = (
        readme_sample["script"]
        .replace("http://127.0.0.1:8000/", f"http://127.0.0.1:{web_server}/")
        .replace('"phatthalung2.localhost"', f'"alpha.localhost:{web_server}"')
    )
    assert script != readme_sample["script"]
    (tmp_path / "sample.py").write_text(script)
    run = subprocess.run(  # noqa: S603 (the README's own code)
        [sys.executable, "sample.py"],
        cwd=tmp_path,
        env={"KRUCARE_SECRET": readme_sample["secret"], "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("events so far: ")
    assert lines[1:] == ["1 201 None 1 0 0 0", "2 201 true 1 0 0 0"]
