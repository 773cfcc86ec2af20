from django.apps import AppConfig


class ChampionsConfig(AppConfig):
    name = "champions"
    verbose_name = "Champions"

    def ready(self) -> None:
        from champions import personaldata, signals  # noqa: F401

        personaldata.register()
