from django.http import HttpRequest, JsonResponse
from django.urls import path
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response


def things(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"things": []})


class ThingSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class ThingView(GenericAPIView):
    """The REST resource the probe's feed resource mirrors."""

    serializer_class = ThingSerializer
    required_scope = "probe:read"

    def get(self, request: Request, thing_id: int) -> Response:
        return Response({"id": thing_id})


urlpatterns = [
    path("probe/things/", things, name="probe-things"),
    path("probe/things/<int:thing_id>/", ThingView.as_view(), name="probe-thing"),
]
