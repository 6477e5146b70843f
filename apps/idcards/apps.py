from django.apps import AppConfig


class IdcardsConfig(AppConfig):
    name = "apps.idcards"
    label = "idcards"
    verbose_name = "State-official ID cards"
