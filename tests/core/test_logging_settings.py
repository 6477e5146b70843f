"""Log levels that keep the output readable: fpdf2's font subsetting (fontTools) logs every
step at INFO, which flooded `make bench` with thousands of lines per PDF."""

from __future__ import annotations

import logging

from django.conf import settings


def test_font_subsetting_logs_only_warnings() -> None:
    assert settings.LOGGING["loggers"]["fontTools"]["level"] == "WARNING"
    assert not logging.getLogger("fontTools.subset").isEnabledFor(logging.INFO)
    assert logging.getLogger("fontTools.subset").isEnabledFor(logging.WARNING)
