from django.apps import AppConfig


class ProbeConfig(AppConfig):
    """A module that exists only in the tests: added by one INSTALLED_APPS line
    (`tests.probe.settings`), it must appear everywhere a module appears."""

    name = "tests.probe"
    label = "probe"
