from django.apps import AppConfig


class OnestopConfig(AppConfig):
    name = "apps.onestop"
    label = "onestop"
    verbose_name = "One Stop desk"
