"""Domain events for catalogue and sales records, emitted from model signals.

Signals fire on every ordinary write path (the API, the admin, imports, services, a plain
`.save()`), inside the transaction of the write, so the outbox row commits or rolls back with
the change. Queryset `update()`, `bulk_create()` and raw SQL send no signals and so emit no
events: code that uses them for domain records must emit its own.
"""

import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from .events import emit_event

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    """How one model's writes become events."""

    # Entity name in the event types: "<entity>.created" / ".updated" / ".deleted".
    entity: str | None = None
    # field -> {new value -> extra event type} emitted when that field changes to that value.
    transitions: dict[str, dict[str, str]] = field(default_factory=dict)
    # Event type emitted once when a row is created (for append-only history models).
    on_create: str | None = None


SOURCES: dict[str, Source] = {
    "catalog.Product": Source("product"),
    "catalog.ProductVariant": Source("variant"),
    "catalog.Category": Source("category"),
    "catalog.Supplier": Source("supplier"),
    "catalog.PriceChange": Source(on_create="product.price_changed"),
    "catalog.StockMovement": Source(on_create="stock.moved"),
    "sales.Company": Source("company"),
    "sales.Contact": Source("contact"),
    "sales.Opportunity": Source(
        "deal", transitions={"status": {"won": "deal.won", "lost": "deal.lost"}}
    ),
    "sales.StageChange": Source(on_create="deal.stage_changed"),
    "sales.Note": Source("note"),
    "sales.DealActivity": Source("deal_activity"),
    "sales.Order": Source(
        "order",
        transitions={"status": {"confirmed": "order.confirmed", "cancelled": "order.cancelled"}},
    ),
    "sales.Invoice": Source(
        "invoice", transitions={"status": {"issued": "invoice.issued", "paid": "invoice.paid"}}
    ),
}


def snapshot(instance) -> dict:
    """The row's own columns (foreign keys as ids), JSON-safe."""
    values = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.name == "workspace":
            continue
        value = getattr(instance, model_field.attname)
        if hasattr(value, "resolve_expression"):  # saved as F(...): only the database knows it
            stored = type(instance)._base_manager.filter(pk=instance.pk)
            value = stored.values_list(model_field.attname, flat=True).first()
        if hasattr(value, "name") and hasattr(value, "storage"):  # a file field
            value = value.name or None
        elif isinstance(model_field, models.DecimalField) and value is not None:
            # At the column's scale, as the database gives it back: otherwise an amount held
            # in memory as 0 or 19.90 differs from the stored 0.000 or 19.900, and an
            # unchanged amount is reported as changed.
            places = Decimal(1).scaleb(-model_field.decimal_places)
            value = model_field.to_python(value).quantize(places)
        values[model_field.attname] = value
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _remember_previous(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._event_previous = None
        return
    previous = sender._base_manager.filter(pk=instance.pk).first()
    instance._event_previous = snapshot(previous) if previous is not None else None


def _on_save(sender, instance, created, raw=False, **kwargs):
    if raw:  # loading fixtures
        return
    source = SOURCES[sender._meta.label]
    current = snapshot(instance)
    if created and source.on_create:
        emit_event(workspace=instance.workspace_id, type=source.on_create, data={"object": current})
    if source.entity is None:
        return
    if created:
        emit_event(
            workspace=instance.workspace_id,
            type=f"{source.entity}.created",
            data={"object": current},
        )
        return
    previous = getattr(instance, "_event_previous", None) or {}
    changed = sorted(
        name
        for name, value in current.items()
        if name != "updated_at" and previous.get(name) != value
    )
    if not changed:
        return
    emit_event(
        workspace=instance.workspace_id,
        type=f"{source.entity}.updated",
        data={"object": current, "changed_fields": changed},
    )
    for field_name, targets in source.transitions.items():
        if field_name in changed and current.get(field_name) in targets:
            emit_event(
                workspace=instance.workspace_id,
                type=targets[current[field_name]],
                data={"object": current, "previous": {field_name: previous.get(field_name)}},
            )


def _on_delete(sender, instance, **kwargs):
    source = SOURCES[sender._meta.label]
    if source.entity is None:
        return
    emit_event(
        workspace=instance.workspace_id,
        type=f"{source.entity}.deleted",
        data={"object": snapshot(instance)},
    )


def connect() -> None:
    """Connect the handlers to every source model that is installed."""
    for label, source in SOURCES.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        uid = f"integrations.events.{label}"
        if source.entity:
            pre_save.connect(_remember_previous, sender=model, dispatch_uid=f"{uid}.pre")
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}.delete")
        post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}.save")
