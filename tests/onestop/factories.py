"""Desk tickets for tests, taken through the desk's services (factory_boy)."""

from __future__ import annotations

from typing import Any

import factory

from accounts.models import User
from apps.onestop.models import ServiceRequest
from apps.onestop.services import service_request_open


class ServiceRequestFactory(factory.Factory):
    """A ticket as the desk takes it: `service_request_open` numbers it by day and letter."""

    class Meta:
        model = ServiceRequest

    service_type_code = "other"
    person = None
    received_by = factory.LazyFunction(lambda: User.objects.get(username="welfare_officer"))
    at = None

    @classmethod
    def _create(cls, model_class: type[ServiceRequest], **kwargs: Any) -> ServiceRequest:
        return service_request_open(**kwargs)
