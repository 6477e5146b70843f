"""Pages to manage machine clients: an office's own on its host (office administrators), the
national ones on the central host (platform operators). A secret is shown once, in the
response to the create or rotate request, and never again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import CentralRole, OfficeRole
from api.client_forms import ApiClientForm
from clients import services
from clients.models import ApiClient, ClientCredential
from core.errors import ApplicationError
from core.forms import apply_application_error
from core.permissions import role_required
from core.schemas import PUBLIC_SCHEMA, current_schema

# One role per host: the office's administrator, or the central site's operator.
MANAGER_ROLES = (OfficeRole.OFFICE_ADMIN.value, CentralRole.PLATFORM_OPERATOR.value)


def _central() -> bool:
    return current_schema() == PUBLIC_SCHEMA


def managers_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponseBase]:
    """The host's manager role: office_admin on an office, platform_operator centrally (a role
    name never exists in the other kind of schema, so one list serves both)."""
    return role_required(*MANAGER_ROLES)(view)


def _client(client_id: int) -> ApiClient:
    try:
        return ApiClient.objects.get(pk=client_id)
    except ApiClient.DoesNotExist:
        raise Http404 from None


def _secret_page(request: HttpRequest, client: ApiClient, secret: str, **extra: Any) -> Any:
    response = render(
        request, "api/clients/secret.html", {"client": client, "secret": secret, **extra}
    )
    response["Cache-Control"] = "no-store"
    return response


@managers_only
def client_list(request: HttpRequest) -> HttpResponse:
    clients = ApiClient.objects.prefetch_related(
        Prefetch("credentials", queryset=ClientCredential.objects.order_by("-created_at"))
    ).order_by("name")
    return render(request, "api/clients/list.html", {"clients": clients, "central": _central()})


@managers_only
def client_create(request: HttpRequest) -> HttpResponse:
    form = ApiClientForm(request.POST or None, central=_central())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client, secret = services.client_create(
                name=data["name"],
                description=data["description"],
                scopes=list(data["scopes"]),
                rate_limit_per_minute=data["rate_limit_per_minute"],
                actor=request.user,  # type: ignore[arg-type]
                request=request,
            )
        except ApplicationError as exc:
            apply_application_error(form, exc)
        else:
            return _secret_page(request, client, secret, created=True)
    return render(request, "api/clients/form.html", {"form": form})


@managers_only
@require_POST
def client_rotate(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _client(client_id)
    try:
        _, secret = services.client_credential_rotate(
            client=client,
            actor=request.user,  # type: ignore[arg-type]
            request=request,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("api-clients:list")
    return _secret_page(request, client, secret, rotated=True)


@managers_only
@require_POST
def client_revoke(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _client(client_id)
    services.client_revoke(client=client, actor=request.user, request=request)  # type: ignore[arg-type]
    messages.success(request, _("Client %(name)s revoked.") % {"name": client.name})
    return redirect("api-clients:list")


@managers_only
@require_POST
def credential_revoke(request: HttpRequest, client_id: int, credential_id: int) -> HttpResponse:
    try:
        credential = ClientCredential.objects.select_related("client").get(
            pk=credential_id, client_id=client_id
        )
    except ClientCredential.DoesNotExist:
        raise Http404 from None
    services.credential_revoke(
        credential=credential,
        actor=request.user,  # type: ignore[arg-type]
        request=request,
    )
    messages.success(request, _("Key %(prefix)s… revoked.") % {"prefix": credential.prefix})
    return redirect("api-clients:list")
