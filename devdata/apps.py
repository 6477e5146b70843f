from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Demo and synthetic data, and the commands of a development machine (`make run`): the
    top layer, which may use every app and the platform; nothing imports it."""

    name = "devdata"
    verbose_name = "Development data"
