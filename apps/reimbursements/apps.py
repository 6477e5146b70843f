from django.apps import AppConfig


class ReimbursementsConfig(AppConfig):
    name = "apps.reimbursements"
    label = "reimbursements"
    verbose_name = "Medical and child-education claims"

    def ready(self) -> None:
        from apps.onestop.entry_points import register_entry_point

        register_entry_point("medical_claim", "reimbursements:medical_new")
        register_entry_point("child_education_claim", "reimbursements:child_education_new")
