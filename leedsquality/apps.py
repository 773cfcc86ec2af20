from django.apps import AppConfig


class LeedsQualityConfig(AppConfig):
    name = "leedsquality"
    verbose_name = "Leeds Quality Network"

    def ready(self) -> None:
        # Load the Celery app with Django, so `task.delay()` from a web request uses its
        # broker settings rather than Celery's defaults.
        from leedsquality import celery  # noqa: F401
