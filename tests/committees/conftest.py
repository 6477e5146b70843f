from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context

from tenants.models import Office


@pytest.fixture
def in_alpha(office_a: Office) -> Iterator[Office]:
    """Run the test body in office alpha's schema."""
    with schema_context(office_a.schema_name):
        yield office_a
