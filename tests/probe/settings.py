"""The test settings with the probe module installed: one line."""

from config.settings.test import *  # noqa: F403
from config.settings.test import INSTALLED_APPS, TENANT_APPS

TENANT_APPS = [*TENANT_APPS, "tests.probe"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.probe"]
