"""The office's own benchmark card, served by the central layer on every office host."""

from django.utils.translation import gettext_lazy as _

from core.modules import Module

MODULE = Module(
    code="benchmarks",
    title=_("Benchmarks"),
    summary=_("This office's indicators against the national and peer-group medians."),
    order=95,
    home="benchmarks:card",
    url_prefix="benchmarks/",
    urls="central.office_benchmark_urls",
)
