from django.apps import AppConfig


class WorkupConfig(AppConfig):
    name = "workup"
    verbose_name = "Workups"
