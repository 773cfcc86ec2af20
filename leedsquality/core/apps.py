from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "leedsquality.core"
    label = "core"
    verbose_name = "Core"
