"""The Celery app: tasks live in each app's tasks.py; the schedule lives in settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

# Every task publishes through ResilientTask: a broker outage delays a job, it does not fail
# the request that asked for it.
app = Celery("shop", task_cls="shop.resilience:ResilientTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
