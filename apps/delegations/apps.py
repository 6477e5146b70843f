from django.apps import AppConfig


class DelegationsConfig(AppConfig):
    name = "apps.delegations"
    label = "delegations"
    verbose_name = "Delegations of authority"
