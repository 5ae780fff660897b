from django.apps import AppConfig


class ConfigConfig(AppConfig):
    name = "config"
    verbose_name = "Project configuration"

    def ready(self):
        from django.db.backends.signals import connection_created

        from config import checks  # noqa: F401
        from config.private_files import sqlite_database_private

        connection_created.connect(sqlite_database_private, dispatch_uid="sqlite_private")
