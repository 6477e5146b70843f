from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import status_error
from api.requests import ApiRequest
from api.v1 import examples as X
from core.schemas import current_schema


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    office = serializers.CharField(allow_null=True, help_text="The office code; null centrally.")


class MeView(APIView):
    """Who the credentials belong to, and where: a client's first call (any client, whatever
    its scopes)."""

    clients_without_scope = True

    @extend_schema(responses=MeSerializer, examples=[X.response("An officer", X.ME)])
    def get(self, request: ApiRequest) -> Response:
        office = request.office
        user = request.user
        data = {
            "username": user.get_username(),
            "full_name": user.get_full_name(),
            "roles": sorted(user.role_names),
            "office": office.code if office is not None else None,
        }
        assert current_schema()  # noqa: S101 (the request runs in a schema)
        return Response(MeSerializer(data).data)


@csrf_exempt  # whatever the method: a 404, not Django's CSRF refusal of an unsafe one
def api_not_found(request: HttpRequest, path: str) -> JsonResponse:
    """Any path the API does not have (a missing trailing slash, an id that is not a number
    included), with any method: the API's error body with a 404 (`api.not_found`)."""
    return JsonResponse(status_error(404, request.LANGUAGE_CODE), status=404)
