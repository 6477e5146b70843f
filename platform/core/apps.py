from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "KruCare core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each welfare module declares its numbers in its own indicators.py.
        autodiscover_modules("indicators")
