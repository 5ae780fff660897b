from django.apps import AppConfig


class ConfigConfig(AppConfig):
    name = "config"
    verbose_name = "Project configuration"

    def ready(self):
        from config import checks  # noqa: F401
