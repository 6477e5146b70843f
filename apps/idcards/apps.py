from django.apps import AppConfig


class IdcardsConfig(AppConfig):
    name = "apps.idcards"
    label = "idcards"
    verbose_name = "State-official ID cards"

    def ready(self) -> None:
        from apps.onestop.entry_points import register_entry_point

        register_entry_point("id_card", "idcards:application_new")
