"""Fixtures of the annual report's tests."""

from __future__ import annotations

import pytest

from core.reporting import ReportSection


@pytest.fixture
def healthchecks_unrecorded(monkeypatch: pytest.MonkeyPatch) -> None:
    """An office where no installed module fills section 5 (as before apps.healthchecks): the
    section is the office's own text. Every section of the outline has its module now, so the
    tests of own text take one away."""
    from apps.reports import compose, services

    real = compose.report_sections

    def without_healthchecks() -> dict[str, ReportSection]:
        return {key: section for key, section in real().items() if key != "healthchecks"}

    monkeypatch.setattr(compose, "report_sections", without_healthchecks)
    monkeypatch.setattr(services, "report_sections", without_healthchecks)
