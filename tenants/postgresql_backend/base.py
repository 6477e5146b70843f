"""django-tenants' PostgreSQL backend, with connections recycled after touching many schemas.

PostgreSQL keeps, in each server process, a cache of every table, index and catalog row that
process has used (relcache, catcache, plan caches). A schema per office means each office's
tables are different relations, so a long-lived connection that serves requests or tasks for
many offices grows by the catalog entries of every office it touched; at 2,450 offices a
persistent connection would end up holding the catalog of the whole database (issue 21
measures it). The cache is only freed when the server process ends.

So each connection counts the distinct schemas its `search_path` was set to, and is closed at
the next point where Django may close a persistent connection (end of a request, start/end of
a Celery task: `close_if_unusable_or_obsolete`) once it has touched `KRUCARE_CONN_MAX_SCHEMAS`
(default 100). Outside a transaction only; the next query opens a fresh connection. 0 turns it
off. Long loops over offices that are neither requests nor tasks (`central.collection`) call
`close_if_unusable_or_obsolete` themselves between offices.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tenants.postgresql_backend.base import (  # noqa: F401 (the backend's public names)
    DatabaseError,
    IntegrityError,
)
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

DEFAULT_MAX_SCHEMAS = 100


def max_schemas() -> int:
    return int(getattr(settings, "KRUCARE_CONN_MAX_SCHEMAS", DEFAULT_MAX_SCHEMAS))


class DatabaseWrapper(TenantDatabaseWrapper):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The schemas this server connection has set its search_path to since it was opened.
        self.schemas_touched: set[str] = set()
        super().__init__(*args, **kwargs)

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        self.schemas_touched = set()
        return super().get_new_connection(conn_params)

    def _handle_search_path(self, cursor: Any = None) -> None:
        super()._handle_search_path(cursor)
        if self.search_path_set_schemas:
            self.schemas_touched.add(self.schema_name)

    def touched_too_many_schemas(self) -> bool:
        limit = max_schemas()
        return bool(limit) and len(self.schemas_touched) >= limit

    def close_if_touched_too_many_schemas(self) -> bool:
        """Close the connection (outside a transaction) if it has touched too many schemas;
        whether it did. For loops over offices that are neither requests nor tasks."""
        if (
            self.connection is not None
            and not self.in_atomic_block
            and (self.touched_too_many_schemas())
        ):
            self.close()
            return True
        return False

    def close_if_unusable_or_obsolete(self) -> None:
        super().close_if_unusable_or_obsolete()
        self.close_if_touched_too_many_schemas()


def recycle_if_worn(connection: Any) -> bool:
    """`close_if_touched_too_many_schemas` on any connection (False for other backends)."""
    method = getattr(connection, "close_if_touched_too_many_schemas", None)
    return bool(method()) if method is not None else False
