"""The office's own benchmark card, served by the central layer on every office host; and the
central layer's own event types and scopes, for national clients on the central host.

National webhooks (the central host's `/api/v1/webhooks/`): a national client holding
`webhooks:manage` subscribes to the event types below (each needing its own scope), never to
an office's (those carry personal data and stay with the office's own clients, or the
national feed). The central host accepts these scopes for national clients: `offices:read`
(declared here) and `webhooks:manage` (a platform scope, `clients.scopes`) — see
`NATIONAL_WEBHOOK_SCOPES`."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CentralRole
from core.modules import FeedResource, Module, Scope

OFFICE_EVENT = "central.office"

# The scopes a national client needs for national webhooks: managing subscriptions, and the
# read scope of each central event type.
NATIONAL_WEBHOOK_SCOPES = ("webhooks:manage", "offices:read")

MODULE = Module(
    code="benchmarks",
    title=_("Benchmarks"),
    summary=_("This office's indicators against the national and peer-group medians."),
    order=95,
    home="benchmarks:card",
    url_prefix="benchmarks/",
    urls="central.office_benchmark_urls",
    scopes=(
        Scope(
            "offices:read",
            _("Read the list of offices"),
            (CentralRole.CENTRAL_ANALYST,),
            central_only=True,
        ),
    ),
    central_feed_resources=(
        FeedResource(
            name=OFFICE_EVENT,
            description="An area office of the platform: its code, names, kind, province, "
            "region, area number, host and status. No personal data.",
            payload="central.events.office_payload",
            scope="offices:read",
            path="/api/v1/offices/",
            fires="An office is added (`created`, once its schema is ready), suspended or "
            "reactivated (`updated`, `status` says which).",
            example="central.events.OFFICE_EXAMPLE",
        ),
    ),
)
