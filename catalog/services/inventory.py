"""Inventory lots and the one service that moves stock.

`stock_move` is the only code that changes a lot's quantity. It locks the lots it touches
(`SELECT ... FOR UPDATE` on PostgreSQL) before reading their quantity, so concurrent movements
of one lot run one after the other: none is lost and none takes stock the other already took.
SQLite has no row locks; it locks the whole database for a write, so a concurrent movement is
not lost there either, but it may fail with "database is locked" instead of waiting its turn.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts.models import Workspace
from catalog.actors import ChangeActor, current_actor
from catalog.models import (
    InventoryLot,
    MovementKind,
    Product,
    ProductVariant,
    StockMovement,
    Supplier,
)
from simplycrm.api.errors import Conflict

from ._checks import require_workspace

logger = logging.getLogger(__name__)

# What a caller may ask `stock_move` to do; a transfer writes a transfer_out and a transfer_in.
MOVE_KINDS = ("receipt", "sale", "adjustment", "transfer")
_LOT_DETAIL_FIELDS = ("received_on", "expires_on", "supplier", "notes")


@dataclass(frozen=True)
class StockMoveResult:
    """The lot a movement started from, as it is now, and the movements written."""

    lot: InventoryLot
    movements: list[StockMovement]


def _movement(
    lot: InventoryLot,
    *,
    kind: str,
    quantity: Decimal,
    actor: ChangeActor,
    transfer_id: uuid.UUID | None = None,
    reference: str = "",
    note: str = "",
) -> StockMovement:
    return StockMovement.objects.create(
        workspace_id=lot.workspace_id,
        lot=lot,
        product_id=lot.product_id,
        variant_id=lot.variant_id,
        lot_number=lot.lot_number,
        location=lot.location,
        kind=kind,
        quantity=quantity,
        balance=lot.quantity,
        transfer_id=transfer_id,
        reference=reference,
        note=note,
        created_by=actor.user,
        created_by_api_key=actor.api_key,
        source=actor.source,
    )


def _lot_lookup(
    *, workspace_id: int, product_id: int, variant_id: int | None, lot_number: str, location: str
) -> dict[str, Any]:
    return {
        "workspace_id": workspace_id,
        "product_id": product_id,
        "variant_id": variant_id,
        "lot_number": lot_number,
        "location": location,
    }


@transaction.atomic
def lot_create(
    *,
    workspace: Workspace,
    product: Product | None,
    lot_number: str,
    location: str,
    quantity: Decimal,
    variant: ProductVariant | None = None,
    received_on: date | None = None,
    expires_on: date | None = None,
    supplier: Supplier | None = None,
    notes: str = "",
    actor: ChangeActor | None = None,
) -> InventoryLot:
    """Receive a new lot: the lot starts at zero and a receipt movement brings `quantity` in.

    `product` may be left out when `variant` is given; when both are, they must agree.
    """
    if product is None and variant is None:
        raise ValidationError({"product": ["Give a product or a variant."]})
    require_workspace(product, workspace, "product")
    require_workspace(variant, workspace, "variant")
    require_workspace(supplier, workspace, "supplier")
    product = product or variant.product
    if variant is not None and variant.product_id != product.pk:
        raise ValidationError({"variant": ["The variant is not one of the product's variants."]})
    if quantity <= 0:
        raise ValidationError({"quantity": ["A lot is received with a positive quantity."]})
    received_on = received_on or timezone.localdate()
    if expires_on and expires_on < received_on:
        raise ValidationError({"expires_on": ["A lot cannot expire before it is received."]})
    lookup = _lot_lookup(
        workspace_id=workspace.pk,
        product_id=product.pk,
        variant_id=variant.pk if variant else None,
        lot_number=lot_number,
        location=location,
    )
    if InventoryLot.objects.filter(**lookup).exists():
        raise ValidationError(
            {
                "lot_number": [
                    f"Lot {lot_number!r} of this product is already at {location!r}; "
                    "receive more into it with a receipt movement."
                ]
            }
        )

    lot = InventoryLot.objects.create(
        **lookup,
        received_on=received_on,
        expires_on=expires_on,
        supplier=supplier,
        notes=notes,
    )
    stock_move(lot=lot, kind="receipt", quantity=quantity, actor=actor)
    lot.refresh_from_db()

    logger.info(
        "catalog.lot_received",
        extra={
            "workspace_id": workspace.pk,
            "lot_id": lot.pk,
            "product_id": product.pk,
            "location": location,
            "quantity": str(quantity),
        },
    )
    return lot


@transaction.atomic
def lot_update(*, lot: InventoryLot, data: dict[str, Any]) -> InventoryLot:
    """Change a lot's dates, supplier or notes; its stock changes only through movements."""
    if "supplier" in data:
        require_workspace(data["supplier"], lot.workspace, "supplier")
    changed = [field for field in _LOT_DETAIL_FIELDS if field in data]
    for field in changed:
        setattr(lot, field, data[field])
    if lot.expires_on and lot.expires_on < lot.received_on:
        raise ValidationError({"expires_on": ["A lot cannot expire before it is received."]})
    lot.save(update_fields=[*changed, "updated_at"])

    logger.info(
        "catalog.lot_updated",
        extra={"workspace_id": lot.workspace_id, "lot_id": lot.pk, "fields": changed},
    )
    return lot


@transaction.atomic
def lot_delete(*, lot: InventoryLot) -> None:
    """Delete an empty lot; its movements stay in the history. A lot holding stock is refused."""
    locked = InventoryLot.objects.select_for_update().get(pk=lot.pk)
    if locked.quantity != 0:
        raise Conflict(
            "This lot still holds stock; sell, adjust or transfer it out first.",
            details={"quantity": str(locked.quantity)},
        )
    lot_id = locked.pk
    locked.delete()
    logger.info("catalog.lot_deleted", extra={"workspace_id": lot.workspace_id, "lot_id": lot_id})


def _destination(source: InventoryLot, location: str) -> InventoryLot:
    """The lot with the same number at `location`, created empty if there is none yet."""
    lookup = _lot_lookup(
        workspace_id=source.workspace_id,
        product_id=source.product_id,
        variant_id=source.variant_id,
        lot_number=source.lot_number,
        location=location,
    )
    existing = InventoryLot.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return InventoryLot.objects.create(
                **lookup,
                received_on=source.received_on,
                expires_on=source.expires_on,
                supplier_id=source.supplier_id,
            )
    except IntegrityError:
        # A concurrent transfer created it first; its row is committed and visible now.
        return InventoryLot.objects.get(**lookup)


def _plain(quantity: Decimal) -> str:
    """A quantity without trailing zeros, for messages: 2.500 reads 2.5."""
    return f"{quantity.normalize():f}"


def _validate_move(*, lot: InventoryLot, kind: str, quantity: Decimal, to_location: str) -> None:
    if kind not in MOVE_KINDS:
        raise ValidationError({"kind": [f"Choose one of {', '.join(MOVE_KINDS)}."]})
    if kind == "adjustment":
        if quantity == 0:
            raise ValidationError({"quantity": ["An adjustment changes the quantity."]})
    elif quantity <= 0:
        raise ValidationError({"quantity": ["Must be positive; the kind gives the direction."]})
    if kind == "transfer":
        if not to_location:
            raise ValidationError({"to_location": ["A transfer needs a destination."]})
        if to_location == lot.location:
            raise ValidationError({"to_location": ["The stock is already at this location."]})
    elif to_location:
        raise ValidationError({"to_location": ["Only a transfer has a destination."]})


@transaction.atomic
def stock_move(
    *,
    lot: InventoryLot,
    kind: str,
    quantity: Decimal,
    to_location: str = "",
    reference: str = "",
    note: str = "",
    actor: ChangeActor | None = None,
) -> StockMoveResult:
    """Move stock into, out of or between lots, and record each change as a movement.

    `kind` is receipt (+quantity), sale (-quantity), adjustment (signed quantity: a count
    correction, breakage, ...) or transfer (quantity from this lot to the lot with the same
    number at `to_location`). A movement that would leave a lot negative is refused whole.
    """
    _validate_move(lot=lot, kind=kind, quantity=quantity, to_location=to_location)
    actor = actor or current_actor()
    destination = _destination(lot, to_location) if kind == "transfer" else None

    # Lock in id order, so two transfers in opposite directions cannot deadlock.
    pks = sorted({lot.pk, destination.pk} if destination else {lot.pk})
    locked = {row.pk: row for row in InventoryLot.objects.select_for_update().filter(pk__in=pks)}
    source = locked.get(lot.pk)
    target = locked.get(destination.pk) if destination else None
    if source is None or (destination is not None and target is None):
        raise Conflict("A lot of this movement was deleted meanwhile; nothing was moved.")
    outgoing = {"sale": -quantity, "transfer": -quantity}.get(kind, quantity)
    if source.quantity + outgoing < 0:
        logger.info(
            "catalog.stock_move_refused",
            extra={
                "workspace_id": source.workspace_id,
                "lot_id": source.pk,
                "kind": kind,
                "quantity": str(quantity),
                "on_hand": str(source.quantity),
            },
        )
        raise ValidationError(
            {
                "quantity": [
                    f"Only {_plain(source.quantity)} on hand in lot {source.lot_number} at "
                    f"{source.location}; this movement needs {_plain(-outgoing)}."
                ]
            }
        )

    source.quantity += outgoing
    update_fields = ["quantity", "updated_at"]
    if kind == "receipt":
        source.quantity_received += quantity
        update_fields.append("quantity_received")
    source.save(update_fields=update_fields)
    details = {"actor": actor, "reference": reference, "note": note}
    if target is None:
        movements = [_movement(source, kind=kind, quantity=outgoing, **details)]
    else:
        target.quantity += quantity
        target.save(update_fields=["quantity", "updated_at"])
        transfer_id = uuid.uuid4()
        movements = [
            _movement(
                source,
                kind=MovementKind.TRANSFER_OUT,
                quantity=outgoing,
                transfer_id=transfer_id,
                **details,
            ),
            _movement(
                target,
                kind=MovementKind.TRANSFER_IN,
                quantity=quantity,
                transfer_id=transfer_id,
                **details,
            ),
        ]

    logger.info(
        "catalog.stock_moved",
        extra={
            "workspace_id": source.workspace_id,
            "lot_id": source.pk,
            "kind": kind,
            "quantity": str(quantity),
            "on_hand": str(source.quantity),
            "to_location": to_location or None,
        },
    )
    return StockMoveResult(lot=source, movements=movements)


@transaction.atomic
def stock_take(
    *,
    workspace: Workspace,
    product: Product,
    quantity: Decimal,
    variant: ProductVariant | None = None,
    location: str = "",
    reference: str = "",
    note: str = "",
    actor: ChangeActor | None = None,
) -> list[StockMovement]:
    """Sell `quantity` of a product (or of one variant) from its lots, soonest expiry first.

    Without `variant`, only the product's lots without a variant count; `location` narrows the
    lots to one place. All or nothing: when the lots hold less in total, nothing moves and the
    answer is a 400 naming `quantity`. Returns one sale movement per lot drawn from.
    """
    require_workspace(product, workspace, "product")
    require_workspace(variant, workspace, "variant")
    if quantity <= 0:
        raise ValidationError({"quantity": ["Must be positive."]})
    lots = InventoryLot.objects.filter(
        workspace=workspace, product=product, variant=variant, quantity__gt=0
    )
    if location:
        lots = lots.filter(location=location)
    # Lock in id order like `stock_move` does, then draw in expiry order.
    locked = list(lots.select_for_update().order_by("pk"))
    locked.sort(key=lambda lot: (lot.expires_on is None, lot.expires_on, lot.received_on, lot.pk))
    on_hand = sum((lot.quantity for lot in locked), Decimal(0))
    if on_hand < quantity:
        raise ValidationError(
            {"quantity": [f"Only {_plain(on_hand)} on hand; this needs {_plain(quantity)}."]}
        )

    movements: list[StockMovement] = []
    remaining = quantity
    for lot in locked:
        if remaining <= 0:
            break
        take = min(remaining, lot.quantity)
        result = stock_move(
            lot=lot, kind="sale", quantity=take, reference=reference, note=note, actor=actor
        )
        movements.extend(result.movements)
        remaining -= take
    return movements
