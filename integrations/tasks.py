"""Background jobs of the integrations module.

Tasks are acknowledged late (settings: CELERY_TASK_ACKS_LATE), so a worker that dies mid-task
leaves the message to be redelivered; the periodic sweeps catch anything lost on the way.
"""

import logging

from celery import shared_task

from .services import imports, webhooks

logger = logging.getLogger(__name__)


@shared_task
def dispatch_event(event_id: str) -> int:
    return len(webhooks.dispatch_event(event_id=event_id))


@shared_task
def deliver_webhook(delivery_id: int) -> str | None:
    delivery = webhooks.deliver(delivery_id=delivery_id)
    return delivery.status if delivery else None


@shared_task
def dispatch_pending_events() -> int:
    return webhooks.dispatch_pending()


@shared_task
def retry_due_deliveries() -> int:
    return webhooks.retry_due()


@shared_task
def run_import_job(job_id: int) -> str:
    return imports.import_job_run(job_id=job_id).status
