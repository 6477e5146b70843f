"""`POST /api/v1/people/bulk/`: people and families pushed in batches by machines (HR systems).

The web import's rules, through the same code (`apps.people.importing`): upsert by national ID
(a person) and by person, relation and birth order (a family member); every row is checked on
its own and a refused row does not stop the others (as in a file: refused rows are reported,
valid rows are applied, all in one transaction); a row whose values equal the register's is
neither written nor audited; nothing is ever deleted. Each row is a whole record: an optional
field that is absent or null is stored empty.

An `Idempotency-Key` header is required. The key is kept with the batch, unique to its sender
in the office: a machine client (whichever of its credentials sends it), a person's API token,
or a signed-in person; another sender's equal key is another key. The same key with the same
body again answers the stored summary with `Idempotent-Replayed: true` and changes nothing; with
another body, 409 `api.idempotency_key_reused`. Keys live as long as their batch: batches are
never deleted, so a key is never reused for another batch. A second request
with a key that is being applied waits for the first and then replays it. A request refused as
a whole (no key, bad JSON, not the shape below, too many rows) stores nothing and does not use
up its key.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import ApiToken
from api.parsers import JSONParser
from api.permissions import HasRole
from api.v1.common import (
    ERROR_EXAMPLES,
    WRITE_ERRORS,
    ErrorSerializer,
    MoneyField,
    NamedChoiceField,
    StrictCharField,
    money_problem,
    sees_full_ids,
    shown_national_id,
)
from apps.people.importing import (
    FAMILY_COLUMNS,
    PEOPLE_COLUMNS,
    ImportKeyTaken,
    import_rows_apply,
)
from apps.people.models import ChildStatus, ImportBatch, PersonCategory, PersonStatus, Relation
from apps.people.permissions import EDITOR_ROLES
from clients.models import ClientCredential
from core.errors import ApplicationError

MAX_BULK_ROWS = 5_000
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
BULK_COUNTS = ("created", "updated", "unchanged", "refused")

# How each field of a row is written in JSON; every other field is a string.
DATE_FIELDS = {"birth_date", "status_date", "disabled_on", "incompetent_on", "died_on"}
FLAG_FIELDS = {"is_twin", "is_disabled", "is_incompetent", "is_deceased"}
INTEGER_FIELDS = {"birth_order"}
MONEY_FIELDS = {"monthly_salary"}  # checked as every money input of the API (`money_problem`)


class BulkRequestError(ApplicationError):
    code = "api.bulk_invalid"


class IdempotencyKeyReused(ApplicationError):
    code = "api.idempotency_key_reused"


# ---------------------------------------------------------------------------------------------
# The contract (for the schema; the rows themselves are read by `_row_values`, so that one bad
# row is refused alone instead of refusing the request)


class BulkPersonSerializer(serializers.Serializer):
    national_id = StrictCharField(help_text="13 digits, a string; dashes allowed.")
    title = StrictCharField()
    first_name_th = StrictCharField()
    last_name_th = StrictCharField()
    first_name_en = StrictCharField(required=False, allow_blank=True, allow_null=True)
    last_name_en = StrictCharField(required=False, allow_blank=True, allow_null=True)
    birth_date = serializers.DateField(help_text="ISO 8601, C.E.: 1977-09-26.")
    category = NamedChoiceField(enum_name="PersonCategory", choices=PersonCategory.choices)
    position = StrictCharField(required=False, allow_blank=True, allow_null=True)
    academic_standing = StrictCharField(required=False, allow_blank=True, allow_null=True)
    school_code = StrictCharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="The school's code in the office's register of schools (e.g. `10930001`, "
        "a school of the demo office `phatthalung2`); empty: the office.",
    )
    monthly_salary = MoneyField(required=False, allow_null=True)
    status = NamedChoiceField(
        enum_name="PersonStatus",
        choices=PersonStatus.choices,
        required=False,
        allow_null=True,
        help_text="Absent or null: active.",
    )
    status_date = serializers.DateField(required=False, allow_null=True)
    phone = StrictCharField(required=False, allow_blank=True, allow_null=True)
    email = StrictCharField(required=False, allow_blank=True, allow_null=True)
    address = StrictCharField(required=False, allow_blank=True, allow_null=True)


class BulkFamilyMemberSerializer(serializers.Serializer):
    person_national_id = StrictCharField(
        help_text="The person's national ID: in `people` of the same request, or registered."
    )
    relation = serializers.ChoiceField(choices=Relation.choices)
    national_id = StrictCharField(required=False, allow_blank=True, allow_null=True)
    title = StrictCharField(required=False, allow_blank=True, allow_null=True)
    first_name_th = StrictCharField()
    last_name_th = StrictCharField()
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_order = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Children only: 1, 2, 3 …"
    )
    child_status = serializers.ChoiceField(
        choices=ChildStatus.choices, required=False, allow_blank=True, allow_null=True
    )
    is_twin = serializers.BooleanField(required=False, allow_null=True)
    is_disabled = serializers.BooleanField(required=False, allow_null=True)
    disabled_on = serializers.DateField(required=False, allow_null=True)
    is_incompetent = serializers.BooleanField(required=False, allow_null=True)
    incompetent_on = serializers.DateField(required=False, allow_null=True)
    is_deceased = serializers.BooleanField(required=False, allow_null=True)
    died_on = serializers.DateField(required=False, allow_null=True)


class BulkImportRequestSerializer(serializers.Serializer):
    people = BulkPersonSerializer(many=True, required=False)
    family = BulkFamilyMemberSerializer(many=True, required=False)


class BulkRowErrorSerializer(serializers.Serializer):
    field = StrictCharField(help_text="The row's field; empty for the row as a whole.")
    code = StrictCharField()
    message = StrictCharField()


class BulkRowResultSerializer(serializers.Serializer):
    table = serializers.ChoiceField(choices=[("people", "people"), ("family", "family")])
    index = serializers.IntegerField(help_text="The row's index (from 0) in its table.")
    national_id = StrictCharField(
        help_text="The person's national ID (of a family row: the person whose family it is)."
    )
    action = serializers.ChoiceField(
        choices=[(a, a) for a in ("created", "updated", "unchanged", "refused")]
    )
    changed = serializers.ListField(
        child=StrictCharField(), help_text="The fields an update changed."
    )
    errors = BulkRowErrorSerializer(many=True)  # type: ignore[assignment]  # the key clients read


class BulkImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    refused = serializers.IntegerField()
    rows = BulkRowResultSerializer(many=True)


REQUEST_EXAMPLE = OpenApiExample(
    "A teacher and her child",
    value={
        "people": [
            {
                "national_id": "1103700012435",
                "title": "นาง",
                "first_name_th": "สมศรี",
                "last_name_th": "มีสุข",
                "birth_date": "1980-02-29",
                "category": "teacher",
                "school_code": "10930001",
                "monthly_salary": "41250.50",
            }
        ],
        "family": [
            {
                "person_national_id": "1103700012435",
                "relation": "child",
                "title": "ด.ญ.",
                "first_name_th": "สมใจ",
                "last_name_th": "มีสุข",
                "birth_date": "2012-06-01",
                "birth_order": 1,
                "child_status": "legitimate",
            }
        ],
    },
    request_only=True,
)
RESULT_EXAMPLE = OpenApiExample(
    "One row applied, one refused",
    value={
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "refused": 1,
        "rows": [
            {
                "table": "people",
                "index": 0,
                "national_id": "1103700012435",
                "action": "created",
                "changed": [],
                "errors": [],
            },
            {
                "table": "family",
                "index": 0,
                "national_id": "1103700012435",
                "action": "refused",
                "changed": [],
                "errors": [
                    {
                        "field": "birth_date",
                        "code": "people.invalid_date",
                        "message": "“2012-13-01” is not an ISO 8601 (C.E.) date such as "
                        "1977-09-26.",
                    }
                ],
            },
        ],
    },
    response_only=True,
    status_codes=["201"],
)
ALL_REFUSED_EXAMPLE = OpenApiExample(
    "Every row refused",
    value={
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "refused": 1,
        "rows": [
            {
                "table": "people",
                "index": 0,
                "national_id": "1103700012345",
                "action": "refused",
                "changed": [],
                "errors": [
                    {
                        "field": "national_id",
                        "code": "people.invalid_national_id",
                        "message": "เลขประจำตัวประชาชนไม่ถูกต้อง (เลขหลักสุดท้ายไม่ตรงกับเลขตรวจสอบ)",
                    }
                ],
            }
        ],
    },
    response_only=True,
    status_codes=["422"],
)
REUSED_EXAMPLE = OpenApiExample(
    "A key used with another body",
    value={
        "code": "api.idempotency_key_reused",
        "message": "This Idempotency-Key was used with a different request.",
    },
    response_only=True,
    status_codes=["409"],
)


# ---------------------------------------------------------------------------------------------
# Reading the body


def _problem(column: str, code: str, th: str, en: str) -> dict[str, str]:
    return {"code": code, "column": column, "message_th": th, "message_en": en}


def _text(key: str, value: Any) -> tuple[str, dict[str, str] | None]:
    """A JSON value as the cell text the importer reads, or a problem with its type."""
    if value is None:
        return "", None
    if key in FLAG_FIELDS:
        if isinstance(value, bool):
            return ("1" if value else ""), None
        return "", _problem(
            key, "api.not_a_boolean", f"{key} ต้องเป็น true หรือ false", f"{key} must be a boolean."
        )
    if key in INTEGER_FIELDS:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value), None
        return "", _problem(
            key, "api.not_an_integer", f"{key} ต้องเป็นจำนวนเต็ม", f"{key} must be an integer."
        )
    if key in MONEY_FIELDS:
        problem = money_problem(value)
        if problem is not None:
            return "", _problem(key, *problem)
        return value, None
    if isinstance(value, str):
        return value, None
    hint = ' (money is a string: "35000.00")' if isinstance(value, int | float | Decimal) else ""
    return "", _problem(
        key,
        "api.not_a_string",
        f"{key} ต้องเป็นข้อความ (string){hint}",
        f"{key} must be a string{hint}.",
    )


def _row_values(row: Any, keys: tuple[str, ...], index: int) -> dict[str, Any]:
    """A row as the importer's entry: `{"row": index, "values": {key: text}, "problems": [...]}`,
    every key present (a row is a whole record)."""
    values = dict.fromkeys(keys, "")
    problems: list[dict[str, str]] = []
    if not isinstance(row, dict):
        problems.append(
            _problem("", "api.not_an_object", "แถวต้องเป็นออบเจกต์ JSON", "A row must be an object.")
        )
        return {"row": index, "values": values, "problems": problems}
    for key, value in row.items():
        if key not in values:
            problems.append(
                _problem(
                    str(key)[:100],
                    "api.unknown_field",
                    f"ไม่รู้จักฟิลด์ {str(key)[:100]}",
                    f"Unknown field {str(key)[:100]}.",
                )
            )
            continue
        values[key], problem = _text(key, value)
        if problem is not None:
            problems.append(problem)
    entry: dict[str, Any] = {"row": index, "values": values}
    if problems:
        entry["problems"] = problems
    return entry


def _rows_of(body: Any) -> dict[str, Any]:
    """The importer's rows from the request body; BulkRequestError for a body that is not
    `{"people": [...], "family": [...]}` with 1 to MAX_BULK_ROWS rows."""
    if not isinstance(body, dict) or set(body) - {"people", "family"}:
        raise BulkRequestError(
            'เนื้อหาคำขอต้องเป็น {"people": [...], "family": [...]}',
            'The body must be an object {"people": [...], "family": [...]}.',
        )
    tables: dict[str, list[Any]] = {}
    for name in ("people", "family"):
        table = body.get(name) or []
        if not isinstance(table, list):
            raise BulkRequestError(
                f"{name} ต้องเป็นรายการ (array)", f"{name} must be an array.", field=name
            )
        tables[name] = table
    total = len(tables["people"]) + len(tables["family"])
    if not 1 <= total <= MAX_BULK_ROWS:
        raise BulkRequestError(
            f"ส่งได้ 1 ถึง {MAX_BULK_ROWS:,} แถวต่อคำขอ (ส่งมา {total:,} แถว)",
            f"Send 1 to {MAX_BULK_ROWS:,} rows a request ({total:,} sent).",
            code="api.bulk_size",
        )
    people_keys = tuple(c.key for c in PEOPLE_COLUMNS)
    family_keys = tuple(c.key for c in FAMILY_COLUMNS)
    return {
        "dates": "iso",
        "people": [_row_values(r, people_keys, i) for i, r in enumerate(tables["people"])],
        "family": [_row_values(r, family_keys, i) for i, r in enumerate(tables["family"])],
    }


def _idempotency_key(request: Request) -> str:
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        raise BulkRequestError(
            "กรุณาส่งส่วนหัว Idempotency-Key (เช่น UUID ใหม่ต่อชุดข้อมูล)",
            "The Idempotency-Key header is required (e.g. a new UUID per batch).",
            code="api.idempotency_key_required",
            field=IDEMPOTENCY_HEADER,
        )
    if len(key) > 255 or not all("!" <= ch <= "~" for ch in key):
        raise BulkRequestError(
            "Idempotency-Key ต้องเป็นอักขระ ASCII ที่มองเห็นได้ ไม่เกิน 255 ตัว",
            "The Idempotency-Key is 1 to 255 visible ASCII characters.",
            code="api.idempotency_key_invalid",
            field=IDEMPOTENCY_HEADER,
        )
    return key


def _request_sha256(body: Any) -> str:
    """Of the parsed body, canonical: key order and white space do not make another request."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _key_owner(request: Request) -> str:
    """Whose keys a key is among: the machine client, the person's API token, or the person
    signed in by session (the namespace the batch's stored key starts with)."""
    auth = request.auth
    if isinstance(auth, ClientCredential):
        return f"client-{auth.client_id}"
    if isinstance(auth, ApiToken):
        return f"token-{auth.pk}"
    return f"user-{request.user.pk}"


def _apply_once(
    request: Request, rows: dict[str, Any], key: str, body: Any
) -> tuple[ImportBatch, bool]:
    """Apply `rows` under the Idempotency-Key, or find the batch the key applied already:
    `(batch, replayed)`. A key applied with the same body replays its batch (nothing written);
    with another body it raises IdempotencyKeyReused. The importer stores the key unique, so
    of two requests with one key at the same time the second waits for the first, then
    replays it (or, if the first rolled back, applies)."""
    digest = _request_sha256(body)
    try:
        batch = import_rows_apply(
            rows=rows,
            name=f"API: {key}"[:255],
            key=f"{_key_owner(request)}:{key}",
            sha256=digest,
            actor=request.user,
            request=request._request,
        )
    except ImportKeyTaken as taken:
        if taken.batch.sha256 != digest:
            raise IdempotencyKeyReused(
                "Idempotency-Key นี้ใช้กับคำขอที่มีข้อมูลต่างกันไปแล้ว",
                "This Idempotency-Key was used with a different request.",
            ) from None
        return taken.batch, True
    return batch, False


# ---------------------------------------------------------------------------------------------
# The summary (stored with the batch: a replay renders the same one)


def _summary(batch: ImportBatch, *, full_ids: bool) -> dict[str, Any]:
    english = (get_language() or "th").startswith("en")
    names = {"create": "created", "update": "updated"}
    rows = [
        {
            "table": report["sheet"],
            "index": report["row"],
            "national_id": shown_national_id(report["national_id"], full=full_ids),
            "action": names.get(report["action"], report["action"]),
            "changed": report["changed"],
            "errors": [
                {
                    "field": problem["column"],
                    "code": problem["code"],
                    "message": problem["message_en" if english else "message_th"],
                }
                for problem in report["problems"]
            ],
        }
        for report in batch.report
    ]
    counts = {key: batch.applied_counts.get(key, 0) for key in BULK_COUNTS}
    return {**counts, "rows": rows}


def answer_status(summary: dict[str, Any]) -> int:
    """201 when any row was applied (or found unchanged); 422 when the batch had rows and every
    one was refused (the summary says why, row by row; nothing was written)."""
    applied = summary["created"] + summary["updated"] + summary["unchanged"]
    if summary["refused"] and not applied:
        return status.HTTP_422_UNPROCESSABLE_ENTITY
    return status.HTTP_201_CREATED


class PeopleBulkImportView(APIView):
    permission_classes = [HasRole.of(*EDITOR_ROLES)]
    parser_classes = [JSONParser]
    required_scope = "people:read"
    required_write_scope = "people:write"

    @extend_schema(
        operation_id="people_bulk_import",
        summary="Create and update people and families in a batch (idempotent)",
        description=__doc__,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                # What `_idempotency_key` takes, so that a generated key is one it takes.
                {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
                location=OpenApiParameter.HEADER,
                required=True,
                description="A new unique value (e.g. a UUID) per batch, 1 to 255 visible "
                "ASCII characters. Sending it again with the same body replays the stored "
                "answer (header `Idempotent-Replayed: true`) and changes nothing. Keys are "
                "per sender (a machine client, a person's API token, a signed-in person) and "
                "live as long as the batch they applied: batches are kept, so a key is never "
                "freed for reuse.",
            )
        ],
        request=BulkImportRequestSerializer,
        responses={
            201: OpenApiResponse(
                BulkImportResultSerializer,
                description="Applied (or replayed: header `Idempotent-Replayed: true`).",
            ),
            422: OpenApiResponse(
                BulkImportResultSerializer,
                description="Every row was refused: nothing written; each row's errors in "
                "`rows` (a replay answers the same).",
            ),
            409: OpenApiResponse(
                ErrorSerializer, description="The key was used with a different body."
            ),
            **WRITE_ERRORS,
        },
        examples=[
            REQUEST_EXAMPLE,
            RESULT_EXAMPLE,
            ALL_REFUSED_EXAMPLE,
            REUSED_EXAMPLE,
            *ERROR_EXAMPLES,
        ],
    )
    def post(self, request: Request) -> Response:
        key = _idempotency_key(request)
        body = request.data
        rows = _rows_of(body)
        try:
            batch, replayed = _apply_once(request, rows, key, body)
        except IdempotencyKeyReused as error:
            return Response(
                {"code": error.code, "message": error.message}, status=status.HTTP_409_CONFLICT
            )
        summary = _summary(batch, full_ids=sees_full_ids({"request": request}))
        response = Response(summary, status=answer_status(summary))
        if replayed:
            response[REPLAYED_HEADER] = "true"
        return response
