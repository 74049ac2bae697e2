"""Integrations models: the event outbox, webhooks, imports, connectors and their logs."""

from .connections import ConnectionKind, ConnectionStatus, IntegrationConnection
from .events import DomainEvent
from .imports import ImportJob, ImportStatus, ImportTarget
from .logs import IntegrationLog, LogKind, LogStatus
from .webhooks import DeliveryStatus, WebhookDelivery, WebhookSubscription

__all__ = [
    "ConnectionKind",
    "ConnectionStatus",
    "DeliveryStatus",
    "DomainEvent",
    "ImportJob",
    "ImportStatus",
    "ImportTarget",
    "IntegrationConnection",
    "IntegrationLog",
    "LogKind",
    "LogStatus",
    "WebhookDelivery",
    "WebhookSubscription",
]
