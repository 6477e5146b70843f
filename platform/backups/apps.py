from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backup and restore of one office (`backup_office`, `restore_office`). Above the outbox
    and the webhooks, whose positions a restore carries over; `tenants` stays below them."""

    name = "backups"
    verbose_name = "Backup and restore of an office"
