"""Feed cursors carry the office's epoch: after a restore from a backup, a cursor issued before
is refused with `feeds.cursor_reset` (410), never served from a position that no longer
means what it meant. The round trip through the API is in test_backup_roundtrip.py."""

from __future__ import annotations

import base64
import json

import pytest

from outbox.cursor import (
    CursorReset,
    InvalidCursor,
    NationalPosition,
    Position,
    cursor_decode,
    cursor_encode,
    national_cursor_decode,
    national_cursor_encode,
)


def test_a_cursor_is_read_back_in_its_own_epoch() -> None:
    cursor = cursor_encode(Position(7, 9), office="alpha", resource=None, epoch="e1")
    assert cursor_decode(cursor, office="alpha", resource=None, epoch="e1") == Position(7, 9)


@pytest.mark.parametrize(("issued", "now"), [("", "e1"), ("e1", "e2"), ("e1", "")])
def test_a_cursor_of_another_epoch_is_reset(issued: str, now: str) -> None:
    cursor = cursor_encode(Position(7, 9), office="alpha", resource=None, epoch=issued)
    with pytest.raises(CursorReset) as reset:
        cursor_decode(cursor, office="alpha", resource=None, epoch=now)
    assert reset.value.code == "feeds.cursor_reset" and reset.value.field == "after"
    assert "without `after`" in reset.value.message_en and reset.value.message_th


def test_a_cursor_of_an_office_never_restored_is_unchanged() -> None:
    """Cursors issued before epochs existed stay valid until the office's first restore."""
    cursor = cursor_encode(Position(7, 9), office="alpha", resource=None)
    encoded = cursor.rsplit(".", 1)[0]  # the body, before its signature
    body = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    assert "e" not in body


def test_a_cursor_with_a_malformed_epoch_is_invalid_not_reset() -> None:
    raw = json.dumps({"v": 1, "o": "alpha", "r": "", "t": 7, "i": 9, "e": 5}).encode()
    cursor = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    with pytest.raises(InvalidCursor):
        cursor_decode(cursor, office="alpha", resource=None, epoch="5")


def test_another_office_is_still_invalid_before_any_epoch_question() -> None:
    cursor = cursor_encode(Position(7, 9), office="alpha", resource=None, epoch="e1")
    with pytest.raises(InvalidCursor):
        cursor_decode(cursor, office="beta", resource=None, epoch="e2")


def test_the_national_cursor_carries_the_latest_restore() -> None:
    position = NationalPosition(7, 9, "alpha")
    cursor = national_cursor_encode(position, resource=None, epoch="e1")
    assert national_cursor_decode(cursor, resource=None, epoch="e1") == position
    with pytest.raises(CursorReset):
        national_cursor_decode(cursor, resource=None, epoch="e2")
