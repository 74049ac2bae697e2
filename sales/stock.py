"""Taking stock for confirmed orders and putting it back when they are cancelled.

Every quantity change goes through the catalogue's `stock_move`, which locks the lot, refuses
to go below zero and records a movement. Only products the workspace keeps stock of are
touched: a product or variant without any inventory lot (a service, or a workspace that does
not track inventory) is sold without a stock check.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, QuerySet
from rest_framework.exceptions import ValidationError

from catalog.actors import ChangeActor, ChangeSource
from catalog.models import InventoryLot
from catalog.services import stock_move
from simplycrm.api.errors import Conflict

from .models import Order, OrderLine
from .money import ZERO

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shortage:
    line: OrderLine
    on_hand: Decimal


def _lots_of(line: OrderLine) -> QuerySet[InventoryLot]:
    # TODO(catalog's `stock_take` can report the shortages of several order lines in one 409):
    # call it instead of choosing lots here. Today it refuses line by line with a 400, and an
    # order must name every short line at once. Until then this is the one read of the
    # catalogue's inventory tables in sales; every write still goes through `stock_move`.
    return InventoryLot.objects.filter(
        workspace_id=line.workspace_id, product_id=line.product_id, variant_id=line.variant_id
    ).order_by(F("expires_on").asc(nulls_last=True), "received_on", "id")


def _change_actor(user, api_key) -> ChangeActor:
    source = ChangeSource.API if (user or api_key) else ChangeSource.SYSTEM
    return ChangeActor(user=user, api_key=api_key, source=source)


def order_stock_take(*, order: Order, user=None, api_key=None) -> None:
    """Take each line's quantity from its lots, soonest expiry first; a 409 when short.

    Shortages of every line are reported together, before anything moves.
    """
    lines = list(order.lines.all())
    lots = {line.pk: list(_lots_of(line)) for line in lines}
    shortages = [
        Shortage(line, sum((lot.quantity for lot in lots[line.pk]), ZERO))
        for line in lines
        if lots[line.pk] and sum((lot.quantity for lot in lots[line.pk]), ZERO) < line.quantity
    ]
    if shortages:
        raise Conflict(
            "Not enough stock to confirm this order.",
            details={
                "lines": [
                    {
                        "line": item.line.pk,
                        "sku": item.line.sku,
                        "quantity": str(item.line.quantity),
                        "on_hand": str(item.on_hand),
                    }
                    for item in shortages
                ]
            },
        )

    actor = _change_actor(user, api_key)
    for line in lines:
        remaining, allocations = line.quantity, []
        for lot in lots[line.pk]:
            if remaining <= 0:
                break
            take = min(remaining, lot.quantity)
            if take <= 0:
                continue
            try:
                stock_move(
                    lot=lot,
                    kind="sale",
                    quantity=take,
                    reference=order.number,
                    note=f"Order {order.number}",
                    actor=actor,
                )
            except ValidationError:
                # Another sale took this stock between our read and the move.
                raise Conflict(
                    "The stock changed while the order was being confirmed; try again.",
                    details={"line": line.pk, "sku": line.sku},
                ) from None
            allocations.append({"lot": lot.pk, "quantity": str(take)})
            remaining -= take
        if allocations:
            line.stock_allocations = allocations
            line.save(update_fields=["stock_allocations", "updated_at"])

    logger.info(
        "sales.order_stock_taken",
        extra={"workspace_id": order.workspace_id, "object_id": order.pk},
    )


def order_stock_return(*, order: Order, user=None, api_key=None) -> None:
    """Put back what confirmation took, into the same lots, as positive adjustments."""
    actor = _change_actor(user, api_key)
    for line in order.lines.all():
        for allocation in line.stock_allocations:
            lot = InventoryLot.objects.filter(pk=allocation["lot"]).first()
            if lot is None:
                logger.warning(
                    "sales.stock_return_lot_missing",
                    extra={
                        "workspace_id": order.workspace_id,
                        "object_id": order.pk,
                        "lot_id": allocation["lot"],
                    },
                )
                continue
            stock_move(
                lot=lot,
                kind="adjustment",
                quantity=Decimal(allocation["quantity"]),
                reference=order.number,
                note=f"Order {order.number} cancelled",
                actor=actor,
            )
        if line.stock_allocations:
            line.stock_allocations = []
            line.save(update_fields=["stock_allocations", "updated_at"])
