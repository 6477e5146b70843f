from django.apps import AppConfig


class HealthchecksConfig(AppConfig):
    name = "apps.healthchecks"
    label = "healthchecks"
    verbose_name = "Annual health check with the teachers' welfare office"
