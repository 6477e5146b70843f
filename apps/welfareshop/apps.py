from django.apps import AppConfig


class WelfareShopConfig(AppConfig):
    name = "apps.welfareshop"
    label = "welfareshop"
    verbose_name = "Welfare shop, rooms and rest areas"
