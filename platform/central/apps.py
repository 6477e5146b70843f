from django.apps import AppConfig


class CentralConfig(AppConfig):
    name = "central"
    verbose_name = "Central agency"
