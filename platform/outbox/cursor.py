"""Feed cursors: the last position a client was served, opaque to it.

A cursor is base64url (no padding) of a small JSON object::

    {"v": 1, "o": "<office code>", "r": "<resource or empty>", "t": <txid>, "i": <event id>,
     "e": "<epoch>"}

followed by `.` and its signature (HMAC-SHA256 with the site's secret key, `django.core.
signing`): a cursor edited by hand, or one from before cursors were signed, is refused as
invalid (`feeds.invalid_cursor`) before anything in it is read.

`v` is the format's version; `o` and `r` bind it to the office and the resource filter it
was served for, so a cursor of another office or another filter is refused instead of
silently skipping or repeating events (positions are per office schema, and a position
reached under one filter says nothing about the events of another).

`e` binds it to the office's data as it was: the epoch changes when the office is restored
from a backup (`tenants.models.OfficeRestore`; absent until the first restore). Positions
after a restore are not those before it (the events written after the backup are gone, the
restored ones may carry other transaction ids), so a cursor of another epoch is refused with
`CursorReset` (`feeds.cursor_reset`, 410): the client starts again from the beginning,
neither skipping nor replaying anything unknowingly. The national feed's epoch is that of the
latest restore of any office.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from django.core import signing

from core.errors import ApplicationError

VERSION = 1
XID8_MAX = 2**64 - 1
ID_MAX = 2**63 - 1


class InvalidCursor(ApplicationError):
    code = "feeds.invalid_cursor"


class CursorReset(ApplicationError):
    """The cursor is of data since replaced by a restore (see the module): start again."""

    code = "feeds.cursor_reset"

    def __init__(self, restored_from: str = "") -> None:
        taken = f" taken {restored_from}" if restored_from else ""
        taken_th = f" (สำรองเมื่อ {restored_from})" if restored_from else ""
        super().__init__(
            f"ข้อมูลของสำนักงานถูกกู้คืนจากข้อมูลสำรอง{taken_th}หลังจากที่ออกตัวชี้ตำแหน่งนี้ "
            "เหตุการณ์ที่บันทึกหลังการสำรองถูกถอนออก ให้เริ่มอ่านใหม่ตั้งแต่ต้น (ไม่ส่ง after) "
            "และปรับข้อมูลของระบบให้ตรงกัน",
            f"The data was restored from a backup{taken} after this cursor was issued: events "
            "written after the backup are withdrawn and positions have changed. Start again "
            "without `after` and bring your copy in line with what the feed serves.",
            field="after",
        )


@dataclass(frozen=True, order=True)
class Position:
    """(txid, id) of an event: the feed's order. `Position()` is before every event."""

    txid: int = 0
    id: int = 0


START = Position()


def _refuse(field: str = "after") -> InvalidCursor:
    return InvalidCursor(
        "ตัวชี้ตำแหน่ง (cursor) ไม่ถูกต้อง หรือไม่ได้ออกให้สำหรับสำนักงานและประเภทข้อมูลนี้",
        "The cursor is not valid, or was not issued for this office and resource.",
        field=field,
    )


def _with_epoch(body: dict[str, object], epoch: str) -> dict[str, object]:
    return {**body, "e": epoch} if epoch else body


_SIGNER = signing.Signer(salt="krucare.outbox.feed-cursor", sep=".")


def _sealed(body: dict[str, object]) -> str:
    raw = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return _SIGNER.sign(base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii"))


def _opened(cursor: str) -> object:
    """The JSON body of a cursor whose signature holds; InvalidCursor otherwise."""
    try:
        encoded = _SIGNER.unsign(cursor)
        return json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (signing.BadSignature, binascii.Error, ValueError):  # JSON and Unicode errors too
        raise _refuse() from None


def cursor_encode(position: Position, *, office: str, resource: str | None, epoch: str = "") -> str:
    body: dict[str, object] = {
        "v": VERSION,
        "o": office,
        "r": resource or "",
        "t": position.txid,
        "i": position.id,
    }
    return _sealed(_with_epoch(body, epoch))


def cursor_decode(cursor: str, *, office: str, resource: str | None, epoch: str = "") -> Position:
    """The position `cursor` stands for; `InvalidCursor` if its signature does not hold, it
    does not parse, is of another version, or was issued for another office or resource
    filter; `CursorReset` if it was issued in another epoch (before a restore)."""
    body = _opened(cursor)
    if not isinstance(body, dict) or body.get("v") != VERSION:
        raise _refuse()
    txid, event_id, cursor_epoch = body.get("t"), body.get("i"), body.get("e", "")
    if not (
        isinstance(cursor_epoch, str)
        and body.get("o") == office
        and body.get("r") == (resource or "")
        and type(txid) is int
        and type(event_id) is int
        and 0 <= txid <= XID8_MAX
        and 0 <= event_id <= ID_MAX
    ):
        raise _refuse()
    if cursor_epoch != epoch:
        raise CursorReset()
    return Position(txid, event_id)


# The national feed's cursor: the same format, bound to the national feed (`"o": "*"`, no
# office is named so), with the office of the last event served in `"c"`.
NATIONAL = "*"


@dataclass(frozen=True, order=True)
class NationalPosition:
    """(txid, id, office) of an event: the national feed's order. Transaction ids are
    cluster-wide, so one order spans every office schema; the office breaks ties between
    offices' ids (a transaction writes in one office, but nothing depends on that)."""

    txid: int = 0
    id: int = 0
    office: str = ""


def national_cursor_encode(
    position: NationalPosition, *, resource: str | None, epoch: str = ""
) -> str:
    body: dict[str, object] = {
        "v": VERSION,
        "o": NATIONAL,
        "r": resource or "",
        "t": position.txid,
        "i": position.id,
        "c": position.office,
    }
    return _sealed(_with_epoch(body, epoch))


def national_cursor_decode(
    cursor: str, *, resource: str | None, epoch: str = ""
) -> NationalPosition:
    position = cursor_decode(cursor, office=NATIONAL, resource=resource, epoch=epoch)
    body = _opened(cursor)
    office = body.get("c") if isinstance(body, dict) else None
    if not isinstance(office, str) or len(office) > 40:
        raise _refuse()
    return NationalPosition(position.txid, position.id, office)
