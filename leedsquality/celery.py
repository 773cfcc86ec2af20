"""The Celery app. Its settings are the `CELERY_*` names in `leedsquality.settings`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leedsquality.settings")

app = Celery("leedsquality")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
