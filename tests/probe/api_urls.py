from django.http import HttpRequest, JsonResponse
from django.urls import path


def things(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"things": []})


urlpatterns = [path("probe/things/", things, name="probe-things")]
