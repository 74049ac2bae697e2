"""Writes for orders: their lines and totals, and the steps from draft to fulfilled."""

import logging
from decimal import Decimal
from typing import Any, TypedDict

from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts.models import Workspace
from catalog.models import Product, ProductStatus, ProductVariant
from simplycrm.api.errors import Conflict

from ..models import Company, Contact, InvoiceStatus, Opportunity, Order, OrderLine, OrderStatus
from ..money import DEFAULT_CURRENCY, ZERO, fits_currency, round_money
from ..stock import order_stock_return, order_stock_take
from .common import Actor, require_same_workspace
from .sequences import sequence_next

logger = logging.getLogger(__name__)

# What may still change on an order that is no longer a draft.
_ALWAYS_EDITABLE = frozenset({"notes", "shipping_address"})


class LineSpec(TypedDict, total=False):
    """A line as a client sends it: a product or a variant (or both, if they agree)."""

    product: Product
    variant: ProductVariant
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    tax_rate: Decimal
    description: str


class FulfilmentSpec(TypedDict, total=False):
    id: int
    shipped_quantity: Decimal
    delivered_quantity: Decimal


def require_status(obj: Any, allowed: tuple[str, ...], doing: str) -> None:
    """A 409 when the order (or invoice) is not in a status `doing` starts from."""
    if obj.status not in allowed:
        raise Conflict(
            f"This {obj._meta.verbose_name} is {obj.status}; it cannot be {doing}.",
            details={"status": obj.status, "allowed_from": list(allowed)},
        )


def _catalogue_price(product: Product, variant: ProductVariant | None) -> Decimal:
    return variant.effective_price if variant is not None else product.price


def _line_errors(spec: LineSpec, currency: str, workspace_id: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    product, variant = spec.get("product"), spec.get("variant")
    if product is None and variant is None:
        errors["product"] = ["Give a product or a variant."]
        return errors
    for name, item in (("product", product), ("variant", variant)):
        if item is not None and item.workspace_id != workspace_id:
            errors[name] = ["Not found in this workspace."]
    if errors:
        return errors
    if product is not None and variant is not None and variant.product_id != product.pk:
        errors["variant"] = ["This variant is not one of the product's."]
        return errors
    product = product or variant.product
    if product.status == ProductStatus.ARCHIVED:
        errors["product"] = ["This product is archived and no longer sold."]
    if spec.get("unit_price") is None and product.currency != currency:
        errors["unit_price"] = [
            f"The catalogue prices this product in {product.currency} and the order is in "
            f"{currency}; give a unit price."
        ]
    elif spec.get("unit_price") is not None and not fits_currency(spec["unit_price"], currency):
        errors["unit_price"] = [f"Too many decimals for {currency}."]
    return errors


def _price(line: OrderLine, currency: str) -> None:
    """Fill the line's amounts from its quantity, price, discount and tax, in `currency`."""
    line.subtotal = round_money(line.quantity * line.unit_price, currency)
    line.discount_amount = round_money(line.subtotal * line.discount_percent / 100, currency)
    net = line.subtotal - line.discount_amount
    line.tax_amount = round_money(net * line.tax_rate / 100, currency)
    line.total = net + line.tax_amount


def _check_lines(specs: list[LineSpec], currency: str, workspace_id: int) -> None:
    """A 400 keyed by the index of each bad line, naming its fields (as DRF keys list errors)."""
    errors = {}
    for index, spec in enumerate(specs):
        problems = _line_errors(spec, currency, workspace_id)
        if problems:
            errors[index] = problems
    if errors:
        raise ValidationError({"lines": errors})


def order_lines_build(*, order: Order, specs: list[LineSpec]) -> list[OrderLine]:
    """The order's lines, checked and priced but not saved (imports save them in bulk)."""
    _check_lines(specs, order.currency, order.workspace_id)
    lines = []
    for position, spec in enumerate(specs, start=1):
        variant = spec.get("variant")
        product = spec.get("product") or variant.product
        unit_price = spec.get("unit_price")
        if unit_price is None:
            unit_price = _catalogue_price(product, variant)
        line = OrderLine(
            workspace_id=order.workspace_id,
            order=order,
            position=position,
            product=product,
            variant=variant,
            description=spec.get("description") or _describe(product, variant),
            sku=variant.sku if variant is not None else product.sku,
            quantity=spec["quantity"],
            unit_price=unit_price,
            discount_percent=spec.get("discount_percent", ZERO),
            tax_rate=spec.get("tax_rate", ZERO),
        )
        _price(line, order.currency)
        lines.append(line)
    return lines


def _replace_lines(order: Order, specs: list[LineSpec]) -> list[OrderLine]:
    lines = order_lines_build(order=order, specs=specs)
    order.lines.all().delete()
    return OrderLine.objects.bulk_create(lines)


def _describe(product: Product, variant: ProductVariant | None) -> str:
    if variant is None or not variant.options:
        return product.name[:255]
    options = ", ".join(f"{key}: {value}" for key, value in sorted(variant.options.items()))
    return f"{product.name} ({options})"[:255]


def order_totals_set(*, order: Order, lines: list[OrderLine]) -> None:
    """Sum the lines' amounts into the order's totals (not saved)."""
    order.subtotal = sum((line.subtotal for line in lines), ZERO)
    order.discount_total = sum((line.discount_amount for line in lines), ZERO)
    order.tax_total = sum((line.tax_amount for line in lines), ZERO)
    order.total = sum((line.total for line in lines), ZERO)


def _lock(order: Order) -> Order:
    """The order, re-read under a row lock so two state changes never interleave."""
    return Order.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def order_create(
    *,
    workspace: Workspace,
    actor: Actor,
    company: Company,
    lines: list[LineSpec] | None = None,
    contact: Contact | None = None,
    opportunity: Opportunity | None = None,
    currency: str = DEFAULT_CURRENCY,
    notes: str = "",
    shipping_address: str = "",
) -> Order:
    """A draft order with its lines priced (from the catalogue where no price is given)."""
    require_same_workspace(workspace, company=company, contact=contact, opportunity=opportunity)
    _check_lines(lines or [], currency, workspace.pk)
    sequence = sequence_next(workspace=workspace, name="order")
    order = Order.objects.create(
        workspace=workspace,
        number=f"SO-{sequence:06d}",
        sequence=sequence,
        company=company,
        contact=contact,
        opportunity=opportunity,
        currency=currency,
        notes=notes,
        shipping_address=shipping_address,
        created_by=actor.user,
        created_by_api_key=actor.api_key,
    )
    order_totals_set(order=order, lines=_replace_lines(order, lines or []))
    order.save(update_fields=["subtotal", "discount_total", "tax_total", "total", "updated_at"])

    logger.info(
        "sales.order_created",
        extra={"workspace_id": workspace.pk, "object_id": order.pk, "total": str(order.total)},
    )
    return order


@transaction.atomic
def order_update(*, order: Order, lines: list[LineSpec] | None = None, **fields: Any) -> Order:
    """Change a draft order (its lines are replaced when given); later, only its notes and
    shipping address change.
    """
    require_same_workspace(
        order.workspace,
        **{name: fields[name] for name in ("company", "contact", "opportunity") if name in fields},
    )
    order = _lock(order)
    if order.status != OrderStatus.DRAFT:
        frozen = sorted(set(fields) - _ALWAYS_EDITABLE) + (["lines"] if lines is not None else [])
        if frozen:
            raise Conflict(
                f"A {order.status} order keeps its lines and parties; only notes and the "
                "shipping address change.",
                details={"fields": frozen, "status": order.status},
            )
    if fields.get("currency", order.currency) != order.currency and lines is None:
        raise ValidationError({"currency": ["Send the lines again with a new currency."]})

    for name, value in fields.items():
        setattr(order, name, value)
    if lines is not None:
        order_totals_set(order=order, lines=_replace_lines(order, lines))
    order.save()

    logger.info(
        "sales.order_updated",
        extra={
            "workspace_id": order.workspace_id,
            "object_id": order.pk,
            "total": str(order.total),
        },
    )
    return order


@transaction.atomic
def order_delete(*, order: Order) -> None:
    order = _lock(order)
    require_status(order, (OrderStatus.DRAFT,), "deleted; cancel it instead")
    order_id = order.pk
    order.delete()
    logger.info(
        "sales.order_deleted", extra={"workspace_id": order.workspace_id, "object_id": order_id}
    )


@transaction.atomic
def order_confirm(*, order: Order, actor: Actor) -> Order:
    """Confirm a draft order: its stock is taken (a 409 names short lines), its prices hold."""
    order = _lock(order)
    require_status(order, (OrderStatus.DRAFT,), "confirmed")
    if not order.lines.exists():
        raise Conflict("An order without lines cannot be confirmed.")

    order_stock_take(order=order, user=actor.user, api_key=actor.api_key)
    order.status = OrderStatus.CONFIRMED
    order.confirmed_at = timezone.now()
    order.save(update_fields=["status", "confirmed_at", "updated_at"])

    logger.info(
        "sales.order_confirmed",
        extra={
            "workspace_id": order.workspace_id,
            "object_id": order.pk,
            "total": str(order.total),
        },
    )
    return order


@transaction.atomic
def order_cancel(*, order: Order, actor: Actor, reason: str = "") -> Order:
    """Cancel a draft or confirmed order; a confirmed one gives its stock back.

    Refused (409) once anything has shipped, or while an invoice for it is in force.
    """
    order = _lock(order)
    require_status(order, (OrderStatus.DRAFT, OrderStatus.CONFIRMED), "cancelled")
    if order.lines.filter(shipped_quantity__gt=0).exists():
        raise Conflict("Part of this order has shipped; it can no longer be cancelled.")
    live = order.invoices.exclude(status=InvoiceStatus.VOID).values_list("pk", flat=True).first()
    if live is not None:
        raise Conflict(
            "This order has an invoice in force; void or delete it first.",
            details={"invoice": live},
        )

    if order.status == OrderStatus.CONFIRMED:
        order_stock_return(order=order, user=actor.user, api_key=actor.api_key)
    order.status = OrderStatus.CANCELLED
    order.cancelled_at = timezone.now()
    order.cancel_reason = reason
    order.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])

    logger.info(
        "sales.order_cancelled", extra={"workspace_id": order.workspace_id, "object_id": order.pk}
    )
    return order


@transaction.atomic
def order_fulfil(*, order: Order, lines: list[FulfilmentSpec]) -> Order:
    """Record how much of each line has shipped and been delivered (running totals).

    Quantities only grow, and delivered <= shipped <= ordered. Once every line is delivered
    in full the order is fulfilled.
    """
    order = _lock(order)
    require_status(order, (OrderStatus.CONFIRMED,), "fulfilled")
    current = {line.pk: line for line in order.lines.all()}

    errors: dict[int, dict[str, list[str]]] = {}
    for index, spec in enumerate(lines):
        line = current.get(spec["id"])
        if line is None:
            errors[index] = {"id": ["Not a line of this order."]}
            continue
        shipped = spec.get("shipped_quantity", line.shipped_quantity)
        delivered = spec.get("delivered_quantity", line.delivered_quantity)
        problems: dict[str, list[str]] = {}
        if shipped < line.shipped_quantity:
            problems["shipped_quantity"] = [f"Already {line.shipped_quantity}; it cannot go down."]
        elif shipped > line.quantity:
            problems["shipped_quantity"] = [f"The line orders {line.quantity}."]
        if delivered < line.delivered_quantity:
            problems["delivered_quantity"] = [
                f"Already {line.delivered_quantity}; it cannot go down."
            ]
        elif delivered > shipped:
            problems["delivered_quantity"] = ["Cannot exceed the shipped quantity."]
        if problems:
            errors[index] = problems
        line.shipped_quantity, line.delivered_quantity = shipped, delivered
    if errors:
        raise ValidationError({"lines": errors})

    OrderLine.objects.bulk_update(current.values(), ["shipped_quantity", "delivered_quantity"])
    if all(line.delivered_quantity == line.quantity for line in current.values()):
        order.status = OrderStatus.FULFILLED
        order.fulfilled_at = timezone.now()
    order.save(update_fields=["status", "fulfilled_at", "updated_at"])

    logger.info(
        "sales.order_fulfilment_recorded",
        extra={"workspace_id": order.workspace_id, "object_id": order.pk, "status": order.status},
    )
    return order
