"""Messages that two of the project's catalogues translate differently.

Django merges every installed app's catalogue (and LOCALE_PATHS) into one per language: for a
msgid without a context, the first catalogue that translates it wins, on every page of every
app. Two apps translating the same English differently therefore show one app's Thai on the
other's pages. A message whose meaning differs per module takes a context (`pgettext`,
`{% translate "…" context "…" %}`, `msgctxt`); a synonym takes the same Thai everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import polib

# A message's identity as gettext looks it up: msgid and plural msgid (no context).
MessageKey = tuple[str, str]
# A translation: the msgstr, or the plural forms in order.
Translation = tuple[str, ...]


@dataclass(frozen=True)
class Collision:
    """A msgid without context that catalogues translate in more than one way."""

    msgid: str
    msgid_plural: str
    # Each translation with the catalogues (paths relative to the project) that give it.
    translations: dict[Translation, list[str]]

    def describe(self) -> str:
        plural = f" / {self.msgid_plural!r}" if self.msgid_plural else ""
        lines = [f"{self.msgid!r}{plural}"]
        for translation, catalogues in self.translations.items():
            lines.append(f"    {' | '.join(translation)!r} in {', '.join(catalogues)}")
        return "\n".join(lines)


def _translation(entry: polib.POEntry) -> Translation:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def catalogue_collisions(catalogues: list[Path], *, base: Path) -> list[Collision]:
    """Every msgid without context translated to different non-empty Thai by two catalogues.

    Obsolete and fuzzy entries are left out (Django does not load them), as are untranslated
    ones (the English shows, whichever catalogue wins).
    """
    by_message: dict[MessageKey, dict[Translation, list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for path in catalogues:
        name = str(path.relative_to(base))
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.fuzzy or entry.msgctxt is not None:
                continue
            translation = _translation(entry)
            if not all(translation):
                continue
            by_message[entry.msgid, entry.msgid_plural or ""][translation].append(name)
    return [
        Collision(msgid=msgid, msgid_plural=plural, translations=dict(translations))
        for (msgid, plural), translations in sorted(by_message.items())
        if len(translations) > 1
    ]
