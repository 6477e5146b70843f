"""What every module's demo builder (`apps/<module>/demo.py`) is given and shares: the context of
the office being built, the demo's calendar, and how volumes shrink with the demo's scale.

A builder is one function, `build(context) -> dict[str, int] | None`, run in the office's schema
inside the office's transaction by `devdata.demo`, after the builders listed before it. It
creates its module's demo data through its module's own services, returns the counts it loaded,
or None when the office already has such data (so loading again changes nothing). Builders never
import `devdata`, nor each other, except the shared apps' (the register of people).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time
from zoneinfo import ZoneInfo

from django.utils import timezone

BANGKOK = ZoneInfo("Asia/Bangkok")
# The actor of the events that say a builder loaded demo data (`demo.<module>_loaded`).
DEMO_ACTOR_LABEL = "demo"

# The demo's desk day: the first ticket after the doors open, the last well before they close.
OPENS = time(8, 30)
LAST_TICKET = time(15, 45)
# Thai public holidays of FY 2557 (offices are closed; substitution days included).
HOLIDAYS = frozenset(
    date.fromisoformat(day)
    for day in (
        "2013-10-23", "2013-12-05", "2013-12-10", "2013-12-31", "2014-01-01", "2014-02-14",
        "2014-04-07", "2014-04-14", "2014-04-15", "2014-04-16", "2014-05-01", "2014-05-05",
        "2014-05-13", "2014-07-11", "2014-08-11", "2014-08-12",
    )
)  # fmt: skip


@dataclass
class DemoContext:
    """One demo office being built.

    `office_code` names the demo office whose volumes each module looks up (a module with no
    volumes for it builds nothing); the builders run in that office's schema (or, in tests, a
    throw-away one). `officer` (the desk), `approver` (the director) and `payer` (finance) are
    the usernames of the demo users there who do the work, so that the audit trail reads as
    theirs. `rng` is the office's random stream, seeded with `seed`: builders that draw from it
    do so in the order they run (the register, then the ID cards); `random(name)` is a stream
    of a builder's own. Same seed, same rows, on every machine.
    """

    office_code: str
    fiscal_year: int  # B.E.
    scale: float = 1.0  # volumes shrink by this factor (0 < scale <= 1)
    officer: str = "officer"
    approver: str = "director"
    payer: str = "finance"
    seed: str = ""  # default: "<office_code>-<fiscal_year>"
    # The day the demo is loaded: open work (applications still waiting) is dated just before
    # it, in the current year, not in the demo's fiscal year.
    today: date = field(default_factory=timezone.localdate)
    rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.seed = self.seed or f"{self.office_code}-{self.fiscal_year}"
        self.rng = random.Random(self.seed)  # noqa: S311 (demo data, not secrets)

    def random(self, name: str) -> random.Random:
        """A random stream of `name`'s own, independent of the office's `rng`."""
        return random.Random(f"{self.seed}-{name}")  # noqa: S311 (demo data, not secrets)


def scaled_count(count: int, factor: float, *, minimum: int = 0) -> int:
    """`count` shrunk by `factor`, never below `minimum`."""
    return max(minimum, round(count * factor))


def scaled_few(count: int, factor: float) -> int:
    """A few refusals and pending ones stay, however small the scale: at least one if any."""
    return scaled_count(count, factor, minimum=1 if count else 0)
