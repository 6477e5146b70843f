"""`POST /api/v1/oauth/token/`: the token URL of the schema's OAuth 2.0 client-credentials
scheme (RFC 6749 §4.4), so that generic OAuth clients and the docs' "Authorize" work.

A machine client's secret is already its bearer token (`kcc_…`, stored hashed, rotated and
revoked on the client's page): the answer is that same secret, with the client's scopes. The
secret comes as HTTP Basic's password (the user name is the client's name, or empty) or as
the form field `client_secret`; a form body is what RFC 6749 prescribes, so this one endpoint
also parses forms (JSON too). It is left out of the schema (its URL is the scheme's
`tokenUrl`). Errors have RFC 6749's `error` and the API's `code` and `message`.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import unquote_plus

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.parsers import FormParser, JSONParser
from clients.services import client_credential_authenticate


def _refusal(error: str, message: str, status: int) -> Response:
    response = Response(
        {
            "error": error,
            "error_description": message,
            "code": f"oauth.{error}",
            "message": message,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="KruCare API"'
    return response


def _basic(request: Request) -> tuple[str, str] | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    name, _, secret = decoded.partition(":")
    return unquote_plus(name), unquote_plus(secret)  # RFC 6749 §2.3.1: form-encoded first


class TokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [FormParser, JSONParser]

    @extend_schema(exclude=True)
    def post(self, request: Request) -> Response:
        data = request.data if hasattr(request.data, "get") else {}
        if data.get("grant_type") != "client_credentials":
            return _refusal(
                "unsupported_grant_type", "Only grant_type=client_credentials is supported.", 400
            )
        basic = _basic(request)
        name, secret = (
            basic
            if basic is not None
            else (
                str(data.get("client_id") or ""),
                str(data.get("client_secret") or ""),
            )
        )
        credential = client_credential_authenticate(secret) if secret else None
        if credential is None or (name and name != credential.client.name):
            return _refusal("invalid_client", "Unknown, revoked or expired client secret.", 401)
        response = Response(
            {
                "access_token": secret,
                "token_type": "Bearer",
                "scope": " ".join(sorted(credential.client.scopes)),
            }
        )
        response["Cache-Control"] = "no-store"
        return response


token_urlpatterns = [path("oauth/token/", TokenView.as_view(), name="oauth_token")]
