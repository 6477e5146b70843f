from django.apps import AppConfig


class ReimbursementsConfig(AppConfig):
    name = "apps.reimbursements"
    label = "reimbursements"
    verbose_name = "Medical and child-education claims"
