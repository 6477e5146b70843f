from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from tenants.models import Office


@pytest.fixture
def in_alpha(office_a: Office) -> Iterator[Office]:
    cache.clear()  # the public page's rate-limit counts
    with schema_context(office_a.schema_name):
        yield office_a
