from django.http import HttpRequest, HttpResponse
from django.urls import path

app_name = "probe"


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("probe")


urlpatterns = [path("", home, name="home")]
