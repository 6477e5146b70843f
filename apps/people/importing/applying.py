"""The batch: a file read and checked (the dry run) and kept, then applied once.

Checking writes nothing but the batch. Applying re-checks the stored rows against the register
as it is then, inside one transaction, with the batch row locked, so a batch is applied at most
once, and writes through `people_change_many`: a person or family member whose values equal
the register's is neither written nor audited, so re-importing a file changes nothing. Import
never deletes.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.people.importing.planning import check
from apps.people.importing.reading import ImportFileError, read_file
from apps.people.models import ImportBatch, ImportStatus
from apps.people.services import PeopleError, people_change_many
from audit.services import audit_record


class ImportAlreadyApplied(PeopleError):
    code = "people.import_already_applied"


class ImportKeyTaken(PeopleError):
    """A batch is recorded under the key already (`batch`); nothing was written. Whether the
    new rows repeat that batch's request is for the caller to judge (the API compares its
    request's digest with `batch.sha256`)."""

    code = "people.import_key_taken"

    def __init__(self, batch: ImportBatch) -> None:
        super().__init__(
            "มีชุดข้อมูลที่ใช้รหัสนี้อยู่แล้ว",
            "A batch with this key is recorded already.",
        )
        self.batch = batch


@transaction.atomic
def import_batch_check(
    *, file_name: str, content: bytes, actor: Any, request: HttpRequest | None = None
) -> ImportBatch:
    """Read and check a file (the dry run) and keep it as a batch waiting for confirmation.
    Writes nothing to the register. Raises ImportFileError for an unreadable file."""
    rows = read_file(file_name, content)
    if not rows["people"] and not rows["family"]:
        raise ImportFileError(
            "ไม่พบข้อมูลในไฟล์", "The file holds no rows.", code="people.import_empty"
        )
    plan = check(rows)
    return ImportBatch.objects.create(
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        rows=rows,
        report=[r.as_dict() for r in plan.reports],
        checked_counts=plan.counts(),
    )


def _account_of(actor: Any) -> Any:
    """The user row behind `actor`, or None: a machine client of the API has none (`pk` None)
    and is named in the audit trail by its label only."""
    authenticated = getattr(actor, "is_authenticated", False)
    return actor if authenticated and getattr(actor, "pk", None) is not None else None


@transaction.atomic
def import_batch_apply(
    *, batch: ImportBatch, actor: Any, request: HttpRequest | None = None
) -> ImportBatch:
    """Apply a checked batch: create and update the rows that pass the checks now, skip the
    refused and unchanged ones, all in this transaction. The batch row is locked first, so two
    confirmations (a double click, two officers) apply it once; the second raises
    ImportAlreadyApplied and changes nothing."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportStatus.APPLIED:
        raise ImportAlreadyApplied("ไฟล์นี้นำเข้าไปแล้ว", "This batch has been applied already.")
    plan = check(batch.rows)
    people_change_many(
        people=plan.people_changes(),
        family=plan.family_changes(),
        actor=actor,
        request=request,
        source={"import_batch": [None, batch.pk]},
    )
    batch.status = ImportStatus.APPLIED
    batch.applied_at = timezone.now()
    batch.applied_by = _account_of(actor)
    batch.applied_counts = plan.counts()
    batch.report = [r.as_dict() for r in plan.reports]
    batch.save()
    audit_record(
        action="people.imported",
        actor=actor,
        target=batch,
        changes={
            "file": [None, batch.file_name],
            "sha256": [None, batch.sha256],
            **{key: [None, value] for key, value in batch.applied_counts.items()},
        },
        request=request,
    )
    return batch


def import_rows_apply(
    *,
    rows: dict[str, Any],
    name: str,
    key: str,
    sha256: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> ImportBatch:
    """Record `rows` (people and families sent by a machine, as `check` reads them) as a batch
    named `name` under `key`, and check and apply them at once. Refused rows do not stop the
    others, as in a file.

    `key` is unique in the office's schema, so rows are applied at most once per key: when a
    batch holds the key already this raises ImportKeyTaken with that batch and writes nothing.
    Two calls with one key at the same time: the second's insert of the key waits on the
    unique index until the first commits, then raises ImportKeyTaken (or, if the first rolled
    back, applies). `sha256` is kept with the batch: the digest of the request, for comparing."""
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the key's insert may fail alone
                batch = ImportBatch.objects.create(
                    file_name=name[:255],
                    sha256=sha256,
                    idempotency_key=key,
                    uploaded_by=_account_of(actor),
                    rows=rows,
                )
        except IntegrityError:
            raise ImportKeyTaken(ImportBatch.objects.get(idempotency_key=key)) from None
        batch = import_batch_apply(batch=batch, actor=actor, request=request)
        batch.checked_counts = batch.applied_counts  # checked and applied in one go
        batch.save(update_fields=["checked_counts"])
        return batch
