"""The claims module's endpoints on the central host: the national rate tables it keeps."""

from api.v1.reimbursements.urls import rate_urlpatterns

urlpatterns = [*rate_urlpatterns]
