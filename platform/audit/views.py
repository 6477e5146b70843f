from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.models import AuditEvent
from core.permissions import role_required

AUDIT_READERS = ("office_admin", "platform_operator")


@role_required(*AUDIT_READERS)
def event_list(request: HttpRequest) -> HttpResponse:
    """The trail of this office (or of the central site), newest first, 50 to a page."""
    events = AuditEvent.objects.all()
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    actions = AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    return render(
        request, "audit/event_list.html", {"page": page, "action": action, "actions": actions}
    )
