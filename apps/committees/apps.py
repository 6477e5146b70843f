from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "apps.committees"
    label = "committees"
    verbose_name = "Committees"
