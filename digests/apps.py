from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "digests"
    verbose_name = "Weekly digests"

    def ready(self) -> None:
        from digests import personaldata

        personaldata.register()
