from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Improvement projects"

    def ready(self) -> None:
        from projects import personaldata

        personaldata.register()
