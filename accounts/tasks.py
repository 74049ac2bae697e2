"""Periodic upkeep of credentials (scheduled by Celery beat)."""

import logging

from celery import shared_task

from .services import purge_expired_tokens as purge

logger = logging.getLogger(__name__)


@shared_task
def purge_expired_tokens() -> int:
    """Delete personal tokens that expired or were revoked long ago."""
    deleted = purge()
    logger.info("auth.tokens_purged", extra={"count": deleted})
    return deleted
