"""One English message, one Thai translation across the project's catalogues.

Django merges the catalogues: for a msgid without a context the first app in INSTALLED_APPS
(after LOCALE_PATHS) that translates it wins on every page, so a second translation of the same
English never shows, and its module reads another module's meaning ("Members" as a committee's
members on the welfare shop's page). No database.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from core.management.commands.compile_translations import project_catalogues
from core.translations import catalogue_collisions


def write_catalogue(path: Path, entries: str) -> Path:
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entries,
        encoding="utf-8",
    )
    return path


def test_no_message_without_context_is_translated_two_ways_across_the_catalogues() -> None:
    collisions = catalogue_collisions(project_catalogues(), base=Path(settings.BASE_DIR))

    assert not collisions, (
        "Translated differently by two catalogues (give the module whose meaning differs a "
        "context, or the same Thai to a synonym):\n"
        + "\n".join(collision.describe() for collision in collisions)
    )


def test_a_collision_names_the_msgid_the_catalogues_and_the_translations(tmp_path: Path) -> None:
    committees = write_catalogue(
        tmp_path / "committees.po",
        'msgid "Members"\nmsgstr "กรรมการ"\n\nmsgid "Save"\nmsgstr "บันทึก"\n',
    )
    shop = write_catalogue(
        tmp_path / "shop.po",
        'msgid "Members"\nmsgstr "สมาชิก"\n\nmsgid "Save"\nmsgstr "บันทึก"\n',
    )

    [collision] = catalogue_collisions([committees, shop], base=tmp_path)

    assert collision.msgid == "Members"
    assert collision.translations == {("กรรมการ",): ["committees.po"], ("สมาชิก",): ["shop.po"]}
    assert "'Members'" in collision.describe() and "shop.po" in collision.describe()


def test_a_context_or_an_untranslated_entry_is_not_a_collision(tmp_path: Path) -> None:
    committees = write_catalogue(
        tmp_path / "committees.po",
        'msgctxt "committee"\nmsgid "Members"\nmsgstr "กรรมการ"\n\nmsgid "Term"\nmsgstr ""\n',
    )
    shop = write_catalogue(
        tmp_path / "shop.po",
        'msgid "Members"\nmsgstr "สมาชิก"\n\nmsgid "Term"\nmsgstr "วาระ"\n',
    )

    assert catalogue_collisions([committees, shop], base=tmp_path) == []


def test_plural_forms_are_compared_whole(tmp_path: Path) -> None:
    one = write_catalogue(
        tmp_path / "one.po",
        'msgid "%(n)s row"\nmsgid_plural "%(n)s rows"\nmsgstr[0] "%(n)s แถว"\n',
    )
    other = write_catalogue(
        tmp_path / "other.po",
        'msgid "%(n)s row"\nmsgid_plural "%(n)s rows"\nmsgstr[0] "%(n)s รายการ"\n',
    )

    [collision] = catalogue_collisions([one, other], base=tmp_path)

    assert collision.msgid_plural == "%(n)s rows"


# Dependencies' catalogues (Django's admin and sessions…) come before the project's apps in
# INSTALLED_APPS, so they win as well. The central app's "Remove" (ลบ) loses to the admin's
# ถอดออก; platform/central is another engineer's (left as it reads: the same meaning).
SHADOWED_BY_A_DEPENDENCY = {("platform/central/locale/th/LC_MESSAGES/django.po", None, "Remove")}


def test_every_translation_of_the_project_is_the_one_django_shows() -> None:
    base = Path(settings.BASE_DIR)
    shadowed = []
    with translation.override("th"):
        for path in project_catalogues():
            name = str(path.relative_to(base))
            for entry in polib.pofile(str(path)):
                if entry.obsolete or entry.fuzzy or entry.msgid_plural or not entry.msgstr:
                    continue
                if (name, entry.msgctxt, entry.msgid) in SHADOWED_BY_A_DEPENDENCY:
                    continue
                shown = (
                    translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt is not None
                    else translation.gettext(entry.msgid)
                )
                if shown != entry.msgstr:
                    shadowed.append(f"{name}: {entry.msgctxt!r} {entry.msgid!r} shows {shown!r}")

    assert shadowed == []


@pytest.mark.parametrize(
    ("context", "msgid", "thai"),
    [
        (None, "Members", "สมาชิก"),
        ("committee", "Members", "กรรมการ"),
        ("committee", "Title", "เรื่อง"),
        (None, "Title", "คำนำหน้าชื่อ"),
        ("revolving fund", "Term", "จำนวนงวด"),
        (None, "Term", "วาระ"),
        ("health check", "Attendance", "การเข้ารับการตรวจ"),
        (None, "Attendance", "การเข้าประชุม"),
        ("welfare shop", "Applied", "ยื่นใบสมัคร"),
        (None, "Applied", "นำเข้าแล้ว"),
    ],
)
def test_each_module_reads_its_own_meaning(context: str | None, msgid: str, thai: str) -> None:
    with translation.override("th"):
        shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    assert shown == thai
