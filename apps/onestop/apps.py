from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OnestopConfig(AppConfig):
    name = "apps.onestop"
    label = "onestop"
    verbose_name = "One Stop desk"

    def ready(self) -> None:
        post_migrate.connect(_service_types_sync, sender=self)


def _service_types_sync(using: str = "default", **kwargs: Any) -> None:
    from apps.onestop.service_types import service_types_sync

    service_types_sync(using=using)
