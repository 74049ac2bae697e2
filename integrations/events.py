"""Domain events: the stable names, their payloads, and how code emits one.

`emit_event` writes the event to the outbox (`DomainEvent`) inside the caller's transaction, and
asks for a dispatch only once that transaction commits. A rolled-back change therefore leaves no
event, and a committed one always has its event, even if no worker is listening at that moment:
the periodic sweep dispatches whatever is left.

Payloads are versioned: a change that would break a receiver adds a new version rather than
altering an existing one. Every payload's `data` holds the record's columns as `object`
(foreign keys as `<name>_id`, money at its column's scale), and `changed_fields` for updates.
Many-to-many links (a contact's tags or companies) are not columns and are not in it.
"""

import logging
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Workspace

from .models import DomainEvent

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventType:
    name: str
    description: str
    version: int = 1


def _crud(entity: str, label: str) -> list[EventType]:
    return [
        EventType(f"{entity}.created", f"A {label} was created."),
        EventType(f"{entity}.updated", f"A {label} was changed; `changed_fields` lists what."),
        EventType(f"{entity}.deleted", f"A {label} was deleted; `object` is its last state."),
    ]


_EVENT_LIST = [
    *_crud("product", "catalogue product"),
    *_crud("variant", "product variant"),
    *_crud("category", "product category"),
    *_crud("supplier", "supplier"),
    EventType("product.price_changed", "A product's or variant's price changed."),
    EventType("stock.moved", "Stock was received, sold, adjusted or transferred."),
    *_crud("company", "company"),
    *_crud("contact", "contact"),
    *_crud("deal", "deal (opportunity)"),
    EventType("deal.stage_changed", "A deal moved to another stage of its pipeline."),
    EventType("deal.won", "A deal moved to a won stage."),
    EventType("deal.lost", "A deal moved to a lost stage."),
    *_crud("note", "note"),
    *_crud("order", "order"),
    EventType("order.confirmed", "An order was confirmed and its stock taken."),
    EventType("order.cancelled", "An order was cancelled."),
    *_crud("invoice", "invoice"),
    EventType("invoice.issued", "An invoice was issued."),
    EventType("invoice.paid", "An invoice was paid."),
    *_crud("deal_activity", "deal activity (call, email, meeting, message)"),
    EventType("import.finished", "An import job finished; `object` is the job with its counts."),
    EventType("webhook_subscription.disabled", "A subscription was disabled after failures."),
    EventType("webhook.test", "A sample event sent on request to test a subscription."),
]
EVENT_TYPES: dict[str, EventType] = {event.name: event for event in _EVENT_LIST}


def emit_event(*, workspace: Workspace | int, type: str, data: dict) -> DomainEvent:
    """Record an event in the current transaction; it is dispatched after the commit."""
    if type not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {type!r}; add it to integrations.events first")
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    event = DomainEvent.objects.create(
        workspace_id=workspace_id, type=type, version=EVENT_TYPES[type].version, data=data
    )
    transaction.on_commit(lambda: _request_dispatch(event.pk))
    logger.debug(
        "events.emitted",
        extra={"workspace_id": workspace_id, "event_id": str(event.pk), "event_type": type},
    )
    return event


def _request_dispatch(event_id) -> None:
    from .tasks import dispatch_event

    try:
        dispatch_event.delay(str(event_id))
    except Exception:  # the broker is down: the periodic sweep will dispatch it
        logger.warning(
            "events.dispatch_enqueue_failed", extra={"event_id": str(event_id)}, exc_info=True
        )
