"""SimplyCRM: a self-hostable, multi-tenant CRM API server."""

from .celery import app as celery_app

__all__ = ["celery_app"]
