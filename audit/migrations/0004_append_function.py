"""On PostgreSQL, appending an audit event is one call to ``audit_event_append``.

Every page a clinician opens writes an event, and chaining it took four round trips (lock the
chain, read its last event, insert, commit). The function does the same steps, in the same
order and under the same advisory lock, inside the database. It computes the hash exactly as
``audit.chain.chain_hash`` does: SHA-256 over the previous hash followed by the canonical
content, which the application still builds (so ``verify_audit`` checks both paths alike).

Statements in a VOLATILE PL/pgSQL function each take a fresh snapshot, so the last event is
read after the lock is held, as before. Other databases skip this migration's SQL.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_append(
    chain_lock_key bigint,
    canonical_content text,
    new_actor_id bigint,
    new_actor_username varchar,
    new_action varchar,
    new_target_type varchar,
    new_target_id varchar,
    new_patient_id bigint,
    new_at timestamptz,
    new_ip inet,
    new_user_agent varchar,
    new_detail jsonb
) RETURNS TABLE (event_id bigint, event_sequence bigint, event_prev_hash varchar,
                 event_hash varchar)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    last_sequence bigint;
    last_hash varchar;
BEGIN
    PERFORM pg_advisory_xact_lock(chain_lock_key);
    SELECT e.sequence, e.hash INTO last_sequence, last_hash
        FROM audit_auditevent e ORDER BY e.sequence DESC LIMIT 1;
    IF NOT FOUND THEN
        last_sequence := 0;
        last_hash := repeat('0', 64);
    END IF;
    RETURN QUERY
    INSERT INTO audit_auditevent AS e (
        actor_id, actor_username, action, target_type, target_id, patient_id, at, ip,
        user_agent, detail, sequence, prev_hash, hash
    ) VALUES (
        new_actor_id, new_actor_username, new_action, new_target_type, new_target_id,
        new_patient_id, new_at, new_ip, new_user_agent, new_detail, last_sequence + 1,
        last_hash,
        encode(sha256(convert_to(last_hash || canonical_content, 'UTF8')), 'hex')
    )
    RETURNING e.id, e.sequence, e.prev_hash, e.hash;
END;
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS audit_event_append(
    bigint, text, bigint, varchar, varchar, varchar, varchar, bigint, timestamptz, inet,
    varchar, jsonb
);
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_append_only_trigger"),
    ]

    operations = [migrations.RunPython(create_function, drop_function)]
