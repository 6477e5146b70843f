from django.apps import AppConfig


class RevolvingFundConfig(AppConfig):
    name = "apps.revolvingfund"
    label = "revolvingfund"
    verbose_name = "Revolving fund to solve teachers' debt"
