from django.apps import AppConfig


class CentralConfig(AppConfig):
    name = "central"
    verbose_name = "Central agency"

    def ready(self) -> None:
        from central.events import office_changed_record
        from tenants.signals import office_changed

        office_changed.connect(office_changed_record, dispatch_uid="central.office_changed")
