"""Every three letters of every patient's name, kept in name order, for PostgreSQL.

A name search that matches many patients (more than a page's count can say, patients.paging)
shows them in name order. The trigram index of 0002 finds them, but only all at once: the
database fetches every match and sorts them to show the first 25, and a search as common as a
family name matches more patients as the practice grows. This table is the same trigrams in
another order: one row per patient and distinct run of three characters of the searched name
(``search_name``), indexed by trigram, then name order. Every match of a search contains each
of the search's trigrams, so a page of matches is a walk of one trigram's rows in name order,
keeping those whose name holds the whole search: the rows it reads depend on the page and how
common the search is among that trigram's names, not on the size of the practice
(patients.selectors.name_walk).

Triggers keep the table in step with the register whatever writes it (the ORM, bulk inserts,
COPY, plain UPDATEs): rows added by a statement are added at once; a changed name or active
flag rewrites that patient's rows; a deleted or truncated register takes its rows with it. It
is not a Django model: nothing reads it but that walk, and nothing writes it but the triggers.
The trigram column keeps a long list of its most common values in the statistics, which the
walk reads to start from the least common trigram of a search; the table is vacuumed and
analysed once filled. On SQLite this migration does
nothing: the search there is a scan of the register, fast enough at the sizes SQLite serves.
"""

from django.db import migrations

FORWARD = """
CREATE TABLE patients_name_trigram (
    trigram text NOT NULL,
    sort_name text NOT NULL,
    patient_id bigint NOT NULL,
    search_name text NOT NULL,
    is_active boolean NOT NULL
);
ALTER TABLE patients_name_trigram ALTER COLUMN trigram SET STATISTICS 1000;

CREATE FUNCTION patients_name_trigrams(name text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT substr(name, i, 3) FROM generate_series(1, length(name) - 2) AS i
$$;

CREATE FUNCTION patients_name_trigrams_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO patients_name_trigram (trigram, sort_name, patient_id, search_name, is_active)
    SELECT trigram, p.sort_name, p.id, p.search_name, p.is_active
    FROM added_patients AS p, patients_name_trigrams(p.search_name) AS trigram;
    RETURN NULL;
END $$;

CREATE FUNCTION patients_name_trigrams_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM patients_name_trigram WHERE patient_id = OLD.id;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO patients_name_trigram
            (trigram, sort_name, patient_id, search_name, is_active)
        SELECT trigram, NEW.sort_name, NEW.id, NEW.search_name, NEW.is_active
        FROM patients_name_trigrams(NEW.search_name) AS trigram;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION patients_name_trigrams_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE patients_name_trigram;
    RETURN NULL;
END $$;

INSERT INTO patients_name_trigram (trigram, sort_name, patient_id, search_name, is_active)
SELECT trigram, p.sort_name, p.id, p.search_name, p.is_active
FROM patients_patient AS p, patients_name_trigrams(p.search_name) AS trigram;

CREATE INDEX patients_name_trigram_walk ON patients_name_trigram
    (trigram, sort_name, patient_id) INCLUDE (search_name, is_active);
CREATE INDEX patients_name_trigram_patient ON patients_name_trigram (patient_id);

CREATE TRIGGER patients_name_trigrams_on_insert AFTER INSERT ON patients_patient
    REFERENCING NEW TABLE AS added_patients
    FOR EACH STATEMENT EXECUTE FUNCTION patients_name_trigrams_added();
CREATE TRIGGER patients_name_trigrams_on_update AFTER UPDATE ON patients_patient
    FOR EACH ROW WHEN (
        OLD.search_name IS DISTINCT FROM NEW.search_name
        OR OLD.sort_name IS DISTINCT FROM NEW.sort_name
        OR OLD.is_active IS DISTINCT FROM NEW.is_active
        OR OLD.id IS DISTINCT FROM NEW.id
    )
    EXECUTE FUNCTION patients_name_trigrams_changed();
CREATE TRIGGER patients_name_trigrams_on_delete AFTER DELETE ON patients_patient
    FOR EACH ROW EXECUTE FUNCTION patients_name_trigrams_changed();
CREATE TRIGGER patients_name_trigrams_on_truncate AFTER TRUNCATE ON patients_patient
    FOR EACH STATEMENT EXECUTE FUNCTION patients_name_trigrams_emptied();
"""

BACKWARD = """
DROP TRIGGER patients_name_trigrams_on_truncate ON patients_patient;
DROP TRIGGER patients_name_trigrams_on_delete ON patients_patient;
DROP TRIGGER patients_name_trigrams_on_update ON patients_patient;
DROP TRIGGER patients_name_trigrams_on_insert ON patients_patient;
DROP FUNCTION patients_name_trigrams_emptied();
DROP FUNCTION patients_name_trigrams_changed();
DROP FUNCTION patients_name_trigrams_added();
DROP FUNCTION patients_name_trigrams(text);
DROP TABLE patients_name_trigram;
"""


def create_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def drop_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


def vacuum_table(apps, schema_editor):
    """Statistics for the walk's choice of trigram, and a visibility map for its index-only
    reads (without one each row read is checked in the table too, tens of times slower). VACUUM
    cannot run in a transaction: this step runs on its own, after the table is committed."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM ANALYZE patients_name_trigram")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("patients", "0005_list_order_indexes")]

    operations = [
        migrations.RunPython(create_table, drop_table, atomic=True),
        migrations.RunPython(vacuum_table, migrations.RunPython.noop),
    ]
