"""The Celery application; workers start with `celery -A simplycrm worker`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simplycrm.settings")

app = Celery("simplycrm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
