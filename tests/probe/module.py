from core.modules import DeskService, FeedResource, Module, Register, Scope

MODULE = Module(
    code="probe",
    title="Probe module",
    summary="Exists only in the tests.",
    order=50,
    home="probe:home",
    url_prefix="probe/",
    urls="tests.probe.urls",
    api_urls="tests.probe.api_urls",
    roles=("welfare_officer",),
    scopes=(Scope("probe:read", "Read probes", ("finance_officer",)),),
    desk_services=(
        DeskService("probe_service", "บริการทดสอบ", "Probe service", "Q", entry="probe:home"),
    ),
    feed_resources=(
        FeedResource(
            "probe.thing",
            "A probe thing.",
            "tests.probe.payloads.thing_payload",
            "probe:read",
            path="/api/v1/probe/things/{id}/",
            fires="Never: it exists only in the tests.",
            example="tests.probe.payloads.THING_EXAMPLE",
        ),
    ),
    indicators="tests.probe.indicators",
    key_indicators=("probe.things",),
    registers=(Register("probe.register", "Probe register", "probe:home"),),
    public_blocks=("probe/public.html",),
    report_section="tests.probe.report.SECTION",
)
