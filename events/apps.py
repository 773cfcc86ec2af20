from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Learning events"

    def ready(self) -> None:
        from events import personaldata

        personaldata.register()
