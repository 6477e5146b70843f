from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "KruCare core"

    def ready(self) -> None:
        from core import modules

        # Each module declares its numbers in the indicators module its `module.py` names.
        modules.import_indicators()
