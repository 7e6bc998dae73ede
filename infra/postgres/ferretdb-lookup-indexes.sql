-- Lets FerretDB v1's pushed-down equality filters use an index (local development stack only;
-- production runs MongoDB, whose own indexes do this).
--
-- FerretDB v1.24 (PostgreSQL backend) stores each document in a jsonb column `_jsonb` and turns a
-- top-level equality filter into `_jsonb->$1 @> $2`. The btree indexes it creates for
-- createIndexes, on `(_jsonb->'field')`, cannot serve `@>`, so every lookup by _id, by blind
-- index or by outbox flag was a sequential scan: about 80 ms per keyed update at 10,000 children,
-- which made an import and the publication of its events quadratic.
--
-- Two settings fix it, both idempotent (a third part, below, guards against lost updates):
--  1. For every single-key or unique btree index FerretDB creates, an event trigger adds a GIN
--     (jsonb_path_ops, fastupdate off for even write latency) index on its first key when that key
--     is a top-level `_jsonb -> 'field'`, which `@>` can use. The leading key of a compound index
--     is usually the partition key (countyCode), shared by thousands of rows: a lookup index on it
--     would only slow writes, so compound non-unique indexes get none.
--  2. plan_cache_mode = force_custom_plan, so the planner sees the field name (a bind parameter in
--     FerretDB's query) and can match the index expression; a generic plan cannot.

-- Lost updates. FerretDB v1 runs an update as "read the document, change it in Go, write the
-- whole document back" with no row lock between the read and the write: 40 concurrent $inc on
-- one document left n = 14. MongoDB makes every single-document update atomic, and the outbox
-- design relies on it: a relay acknowledging an outbox (read at version N) could overwrite a
-- state change and its new events written meanwhile (version N+1). This row trigger rejects the
-- two writes that can only come from a stale read, on documents with a numeric `version` or
-- `rev`: one that lowers it, and one that keeps it while both adding outbox entries and dropping
-- entries it never saw (two writers from one base). FerretDB then answers the write with an
-- error: the relay retries (at least once, no loss) and a service reports the failure.
CREATE OR REPLACE FUNCTION care_reject_lost_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  field text;
  old_box jsonb;
  new_box jsonb;
BEGIN
  FOREACH field IN ARRAY ARRAY['version', 'rev'] LOOP
    CONTINUE WHEN jsonb_typeof(OLD._jsonb -> field) IS DISTINCT FROM 'number'
      OR jsonb_typeof(NEW._jsonb -> field) IS DISTINCT FROM 'number';
    IF (NEW._jsonb ->> field)::numeric < (OLD._jsonb ->> field)::numeric THEN
      RAISE EXCEPTION USING ERRCODE = '40001',
        MESSAGE = format('care: stale write of %s rejected (%s %s over %s)',
                         OLD._jsonb ->> '_id', field, NEW._jsonb ->> field, OLD._jsonb ->> field);
    END IF;
    IF (NEW._jsonb ->> field)::numeric = (OLD._jsonb ->> field)::numeric THEN
      old_box := CASE WHEN jsonb_typeof(OLD._jsonb -> 'outbox') = 'array' THEN OLD._jsonb -> 'outbox' ELSE '[]' END;
      new_box := CASE WHEN jsonb_typeof(NEW._jsonb -> 'outbox') = 'array' THEN NEW._jsonb -> 'outbox' ELSE '[]' END;
      IF EXISTS (SELECT 1 FROM jsonb_array_elements(new_box) e WHERE NOT old_box @> jsonb_build_array(e))
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(old_box) e WHERE NOT new_box @> jsonb_build_array(e)) THEN
        RAISE EXCEPTION USING ERRCODE = '40001',
          MESSAGE = format('care: concurrent write of %s rejected (%s %s, outbox entries lost)',
                           OLD._jsonb ->> '_id', field, OLD._jsonb ->> field);
      END IF;
    END IF;
    RETURN NEW;
  END LOOP;
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION care_ferretdb_lookup_indexes() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  created record;
  key_expr text;
BEGIN
  FOR created IN
    SELECT c.objid AS index_oid, i.indrelid AS table_oid, i.indnatts AS keys, i.indisunique AS is_unique, am.amname
    FROM pg_event_trigger_ddl_commands() c
    JOIN pg_index i ON i.indexrelid = c.objid
    JOIN pg_class ic ON ic.oid = c.objid
    JOIN pg_am am ON am.oid = ic.relam
    WHERE c.command_tag = 'CREATE INDEX'
  LOOP
    CONTINUE WHEN created.amname <> 'btree'; -- ours are GIN: no recursion
    -- Every FerretDB collection gets its unique _id index first: guard that table (above).
    IF created.is_unique AND created.keys = 1
       AND pg_get_indexdef(created.index_oid, 1, false) = '((_jsonb -> ''_id''::text))' THEN
      EXECUTE format(
        'CREATE OR REPLACE TRIGGER care_reject_lost_update BEFORE UPDATE ON %s '
        'FOR EACH ROW EXECUTE FUNCTION care_reject_lost_update()',
        created.table_oid::regclass
      );
    END IF;
    CONTINUE WHEN created.keys > 1 AND NOT created.is_unique;
    key_expr := pg_get_indexdef(created.index_oid, 1, false);
    -- e.g. ((_jsonb -> '_id'::text)); nested paths are never pushed down by FerretDB v1
    CONTINUE WHEN key_expr !~ '^\(\(_jsonb -> ''[^'']+''::text\)\)$';
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s jsonb_path_ops) WITH (fastupdate = off)',
      left(replace(created.table_oid::regclass::text, '.', '_'), 40) || '_' || left(md5(key_expr), 12) || '_gin',
      created.table_oid::regclass,
      key_expr
    );
  END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS care_ferretdb_lookup_indexes;
CREATE EVENT TRIGGER care_ferretdb_lookup_indexes ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION care_ferretdb_lookup_indexes();

ALTER DATABASE ferretdb SET plan_cache_mode = force_custom_plan;
