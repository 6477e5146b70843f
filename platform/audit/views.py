from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit import selectors
from audit.forms import EventFilterForm
from audit.models import AuditEvent
from core.permissions import role_required

AUDIT_READERS = ("office_admin", "platform_operator")


@role_required(*AUDIT_READERS)
def event_list(request: HttpRequest) -> HttpResponse:
    """The trail of this office (or of the central site), newest first, 50 to a page: sign-ins
    and their failures, exports of personal data with their row counts, account changes; the
    alerts of the last 30 days on top, and the events inside an alert flagged."""
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_list(
        kind=filters.get("kind", ""),
        user=filters.get("user", "").strip(),
        action=filters.get("action", "").strip(),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    alerts = list(selectors.alert_list())
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    context = {
        "form": form,
        "page": page,
        "alerts": alerts,
        "flagged": selectors.flagged_event_ids(list(page), alerts),
        "query": query,
        "action": filters.get("action", ""),
        "actions": actions,
    }
    return render(request, "audit/event_list.html", context)
