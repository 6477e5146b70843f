"""Creating an office schema by copying the template schema.

django-tenants' clone (pg-clone-schema) rebuilds a 4,000-line PL/pgSQL function on every call
and then runs a fake `migrate` for the new schema; both grow with the size of the catalog. This
clone is one PL/pgSQL function, installed once by a migration, that copies exactly what our
tenant apps use: tables (`LIKE … INCLUDING ALL`: columns, defaults, identities, checks,
indexes, comments), their rows (migration records, content types, permissions, role groups),
foreign keys (re-pointed to the new schema) and identity positions. Views, triggers and
functions in office schemas are not used by the tenant apps; if one is ever added, the test
`test_clone_matches_a_migrated_schema` fails until this function copies it too.
"""

from __future__ import annotations

from django.db import connection

CLONE_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION public.krucare_clone_schema(source text, target text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
DECLARE
    rel record;
    con record;
    col record;
BEGIN
    EXECUTE format('CREATE SCHEMA %I', target);

    FOR rel IN
        SELECT c.relname FROM pg_class c
        WHERE c.relnamespace = source::regnamespace AND c.relkind IN ('r', 'p')
        ORDER BY c.relname
    LOOP
        EXECUTE format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING ALL)',
                       target, rel.relname, source, rel.relname);
        EXECUTE format('INSERT INTO %I.%I OVERRIDING SYSTEM VALUE SELECT * FROM %I.%I',
                       target, rel.relname, source, rel.relname);
    END LOOP;

    -- Identity columns start where the template's rows end.
    FOR col IN
        SELECT c.relname, a.attname FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = source::regnamespace AND c.relkind IN ('r', 'p')
          AND a.attidentity <> '' AND NOT a.attisdropped
    LOOP
        EXECUTE format(
            'SELECT setval(pg_get_serial_sequence(%L, %L), '
            'coalesce((SELECT max(%I) FROM %I.%I), 0) + 1, false)',
            quote_ident(target) || '.' || quote_ident(col.relname), col.attname,
            col.attname, target, col.relname);
    END LOOP;

    -- With an empty search_path, pg_get_constraintdef qualifies every referenced table.
    FOR con IN
        SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) AS def
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE k.connamespace = source::regnamespace AND k.contype = 'f'
        ORDER BY c.relname, k.conname
    LOOP
        EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s',
                       target, con.relname, con.conname,
                       replace(con.def, 'REFERENCES ' || quote_ident(source) || '.',
                               'REFERENCES ' || quote_ident(target) || '.'));
    END LOOP;
END
$fn$;
"""

DROP_FUNCTION_SQL = "DROP FUNCTION IF EXISTS public.krucare_clone_schema(text, text);"


def clone_schema(source: str, target: str) -> None:
    """Create schema `target` as a copy of `source`. Runs in the caller's transaction.

    Both names must already be validated schema names (they come from office codes).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT public.krucare_clone_schema(%s, %s)", [source, target])
