"""``flush`` empties every table, the audit trail included, on SQLite as on PostgreSQL.

PostgreSQL's flush uses TRUNCATE, which its append-only trigger (audit migration 0003) does not
stop; SQLite's uses DELETE, which the triggers of audit migration 0005 refuse. On SQLite they
are lifted for the flush and restored in the same transaction. Emptying the database is its
owner's act either way, and the audit checkpoints show that the trail was removed.
"""

from django.core.management.commands import flush
from django.db import connections, transaction

from audit.append_only import sqlite_triggers_lifted


class Command(flush.Command):
    def handle(self, **options):
        database = options["database"]
        connection = connections[database]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=database), sqlite_triggers_lifted(connection):
            return super().handle(**options)
