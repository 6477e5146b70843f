"""Creating an office schema by copying the template schema.

django-tenants' clone (pg-clone-schema) rebuilds a 4,000-line PL/pgSQL function on every call
and then runs a fake `migrate` for the new schema; both grow with the size of the catalog. This
clone is one PL/pgSQL function, installed once by a migration, that copies exactly what our
tenant apps use: tables (columns, defaults, identities, checks, comments), their rows
(migration records, content types, permissions, role groups), primary keys, unique constraints
and indexes under their original names (later migrations drop or rename them by name), identity
positions, and foreign keys re-pointed to the new schema. Views, triggers and
functions in office schemas are not used by the tenant apps; if one is ever added, the test
`test_clone_matches_a_migrated_schema` fails until this function copies it too.
"""

from __future__ import annotations

from django.db import connection

CLONE_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION public.krucare_clone_schema(source text, target text)
RETURNS void
LANGUAGE plpgsql
-- With only pg_catalog on the path, pg_get_*def() qualify every table with its schema.
SET search_path = pg_catalog
AS $fn$
DECLARE
    rel record;
    con record;
    idx record;
    col record;
    columns text;
    tables oid[];
    src_prefix text := quote_ident(source) || '.';
    dst_prefix text := quote_ident(target) || '.';
BEGIN
    EXECUTE format('CREATE SCHEMA %I', target);

    -- The template's tables, found through pg_depend's index (every relation depends on its
    -- schema): pg_class has no index on relnamespace, and a scan of it grows with every
    -- office (350 relations each). Every query below starts from these oids, by index.
    SELECT array_agg(c.oid ORDER BY c.relname) INTO tables
    FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_namespace'::regclass
      AND d.refobjid = source::regnamespace AND d.deptype = 'n'
      AND c.relkind IN ('r', 'p');

    -- Tables without their indexes (LIKE would rename them), then their rows.
    FOR rel IN
        SELECT c.oid, c.relname FROM pg_class c WHERE c.oid = ANY(tables) ORDER BY c.relname
    LOOP
        EXECUTE format(
            'CREATE TABLE %I.%I (LIKE %I.%I INCLUDING DEFAULTS INCLUDING IDENTITY '
            'INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING COMMENTS INCLUDING STORAGE)',
            target, rel.relname, source, rel.relname);
        -- Generated columns compute themselves: copy every other column.
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO columns
        FROM pg_attribute a
        WHERE a.attrelid = rel.oid
          AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
        EXECUTE format('INSERT INTO %I.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %I.%I',
                       target, rel.relname, columns, columns, source, rel.relname);
    END LOOP;

    -- Primary keys, unique and exclusion constraints, under their own names.
    FOR con IN
        SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) AS def
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE k.conrelid = ANY(tables) AND k.contype IN ('p', 'u', 'x')
        ORDER BY k.contype, c.relname, k.conname
    LOOP
        EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s',
                       target, con.relname, con.conname, con.def);
    END LOOP;

    -- The other indexes, under their own names (migrations refer to them by name).
    FOR idx IN
        SELECT pg_get_indexdef(i.indexrelid) AS def
        FROM pg_index i
        WHERE i.indrelid = ANY(tables)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                          WHERE k.conrelid = i.indrelid AND k.conindid = i.indexrelid)
    LOOP
        EXECUTE replace(idx.def, ' ON ' || src_prefix, ' ON ' || dst_prefix);
    END LOOP;

    -- Identity columns continue where the template's rows end.
    FOR col IN
        SELECT c.relname, a.attname FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        WHERE a.attrelid = ANY(tables) AND a.attidentity <> '' AND NOT a.attisdropped
    LOOP
        EXECUTE format(
            'SELECT setval(pg_get_serial_sequence(%L, %L), '
            'coalesce((SELECT max(%I) FROM %I.%I), 0) + 1, false)',
            dst_prefix || quote_ident(col.relname), col.attname,
            col.attname, target, col.relname);
    END LOOP;

    -- Foreign keys last, re-pointed at the new schema (references to public stay).
    FOR con IN
        SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) AS def
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        WHERE k.conrelid = ANY(tables) AND k.contype = 'f'
        ORDER BY c.relname, k.conname
    LOOP
        EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s',
                       target, con.relname, con.conname,
                       replace(con.def, 'REFERENCES ' || src_prefix, 'REFERENCES ' || dst_prefix));
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


def install_clone_function() -> None:
    """Install (or replace) the clone function in `public`. Run by every deploy."""
    with connection.cursor() as cursor:
        cursor.execute(CLONE_FUNCTION_SQL)
