"""Each host's OpenAPI schema, as tools nobody here wrote see it: openapi-spec-validator (the
version pinned in pyproject's dev dependencies) finds it valid, Spectral's `spectral:oas`
ruleset reports no error, and a strict JSON Schema validator accepts the nulls the API answers.

The schema is OpenAPI 3.1 (JSON Schema 2020-12): a field that may be null is `type: [x, "null"]`
or `oneOf: [{$ref}, {type: "null"}]`, never 3.0's `nullable` beside an `allOf` without a type.

Spectral (`@stoplight/spectral-cli`, pinned in SPECTRAL_VERSION) is installed with npm into
`.var/spectral/` on first use; where Node or npm is missing, or the install fails (offline),
its test is skipped loudly, as the browser tests are without Chromium. The warnings it still
gives are accepted, kind by kind (`ACCEPTED_WARNINGS`), each for its reason:

- `path-keys-no-trailing-slash`: Django's paths end in a slash, and the API answers them so;
  clients send exactly the path the schema names.
- `oas3-api-servers`: the schema has no `servers`: every office answers on its own host (and
  the central site on another), so the base URL is the host the schema was read from.
- `operation-tag-defined`: the tags (one per module, from the path) are not listed again at
  the top level; they group the docs only.
- `info-contact`: the contact is the office (or the platform) that gave the client its
  credentials, not one address in the schema.
- `operation-description`: a few operations say all in their summary (e.g. "Who am I").
"""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django_tenants.utils import schema_context
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

from tenants.models import Office
from tests.api.support import bearer
from tests.conftest import central_client, office_client
from tests.people.factories import make_person

pytestmark = pytest.mark.django_db

SPECTRAL_VERSION = "6.15.0"
SPECTRAL_DIR = Path(settings.BASE_DIR) / ".var" / "spectral"
ACCEPTED_WARNINGS = {
    "path-keys-no-trailing-slash",
    "oas3-api-servers",
    "operation-tag-defined",
    "info-contact",
    "operation-description",
}


def loud_skip(message: str) -> None:
    warnings.warn(message, stacklevel=2)
    print(f"\n{'!' * 78}\n!! {message}\n{'!' * 78}")  # noqa: T201
    pytest.skip(message)


@pytest.fixture
def schemas(office_a: Office) -> dict[str, dict[str, Any]]:
    answers = {
        "office": office_client(office_a).get(
            "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
        ),
        "central": central_client().get(
            "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
        ),
    }
    assert all(answer.status_code == 200 for answer in answers.values())
    return {host: json.loads(answer.content) for host, answer in answers.items()}


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_openapi_spec_validator_finds_both_schemas_valid(schemas: dict[str, Any]) -> None:
    for schema in schemas.values():
        assert schema["openapi"] == "3.1.0"
        validate(schema, cls=OpenAPIV31SpecValidator)  # raises on the first error


def test_no_nullable_beside_a_reference(schemas: dict[str, Any]) -> None:
    for schema in schemas.values():
        assert not [node for node in _walk(schema) if "nullable" in node]


def test_the_version_is_pep_440_and_the_bodies_are_json(schemas: dict[str, Any]) -> None:
    from packaging.version import Version

    for schema in schemas.values():
        assert str(Version(schema["info"]["version"])) == schema["info"]["version"] == "1.0.0"
        assert schema["info"]["x-api-version"] == "v1"
        bodies = [
            set(operation["requestBody"]["content"])
            for operations in schema["paths"].values()
            for operation in operations.values()
            if "requestBody" in operation
        ]
        assert all(body == {"application/json"} for body in bodies)
    assert len(schemas["office"]["paths"]) > 30


def _against(schema: dict[str, Any], component: str) -> Draft202012Validator:
    """A strict validator of one component, its references resolved in the whole schema."""
    document = {"$ref": f"#/components/schemas/{component}", "components": schema["components"]}
    return Draft202012Validator(document, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_nulls_the_api_answers_validate(office_a: Office, schemas: dict[str, Any]) -> None:
    with schema_context(office_a.schema_name):
        person = make_person()  # no school: null
    answer = bearer(office_a, "welfare_officer").get(f"/api/v1/people/{person.pk}/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["school"] is None  # a null reference (oneOf: [{$ref}, {type: null}])
    errors = list(_against(schemas["office"], "PersonDetail").iter_errors(body))
    assert not errors, [error.message for error in errors]
    wrong = {**body, "school": "not an object"}
    assert list(_against(schemas["office"], "PersonDetail").iter_errors(wrong))


def _spectral() -> Path:
    binary = SPECTRAL_DIR / "node_modules" / ".bin" / "spectral"
    package = SPECTRAL_DIR / "node_modules" / "@stoplight" / "spectral-cli" / "package.json"
    if package.exists() and json.loads(package.read_text())["version"] == SPECTRAL_VERSION:
        return binary
    npm = shutil.which("npm")
    if not shutil.which("node") or not npm:
        loud_skip("SPECTRAL TEST SKIPPED: no Node/npm on this machine (apt-get install npm)")
    SPECTRAL_DIR.mkdir(parents=True, exist_ok=True)
    installed = subprocess.run(  # noqa: S603 (npm, fixed arguments)
        [
            str(npm),
            "install",
            "--prefix",
            str(SPECTRAL_DIR),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"@stoplight/spectral-cli@{SPECTRAL_VERSION}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if installed.returncode != 0 or not binary.exists():
        loud_skip(f"SPECTRAL TEST SKIPPED: npm could not install it: {installed.stderr[-500:]}")
    return binary


def test_spectral_oas_reports_no_errors(schemas: dict[str, Any], tmp_path: Path) -> None:
    spectral = _spectral()
    ruleset = tmp_path / ".spectral.yaml"
    ruleset.write_text('extends: ["spectral:oas"]\n')
    for host, schema in schemas.items():
        document = tmp_path / f"{host}.json"
        document.write_text(json.dumps(schema))
        # Findings to a file: Node may exit before a piped stdout past 64 KB is flushed.
        output = tmp_path / f"{host}.findings.json"
        run = subprocess.run(  # noqa: S603 (spectral, fixed arguments)
            [str(spectral), "lint", "--ruleset", str(ruleset), "--format", "json", "--quiet"]
            + ["--output", str(output), str(document)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert output.exists(), run.stderr
        findings = json.loads(output.read_text() or "[]")
        errors = [f"{f['code']} {f['path']}: {f['message']}" for f in findings if not f["severity"]]
        assert not errors, (host, errors)
        warned = {f["code"] for f in findings if f["severity"] == 1}
        assert warned <= ACCEPTED_WARNINGS, (host, warned - ACCEPTED_WARNINGS)
        assert findings or run.returncode == 0, run.stderr
