"""Writes of suppliers and the products each one supplies."""

import logging
from typing import Any

from django.db import transaction
from rest_framework.exceptions import ValidationError

from accounts.models import Workspace
from catalog.currencies import DEFAULT_CURRENCY
from catalog.models import Supplier, SupplierProduct

from ._checks import check_currency, money_errors

logger = logging.getLogger(__name__)

_SUPPLIER_FIELDS = (
    "name",
    "contact_name",
    "email",
    "phone",
    "website",
    "address",
    "lead_time_days",
    "currency",
    "notes",
)
_LINK_FIELDS = ("supplier_sku", "cost", "lead_time_days")


def _check_products(*, workspace: Workspace, currency: str, items: list[dict[str, Any]]) -> None:
    """Each product at most once, of this workspace, with a cost that fits the currency."""
    errors: dict[int, dict[str, list[str]]] = {}
    seen: set[int] = set()
    for index, item in enumerate(items):
        product = item["product"]
        if product.workspace_id != workspace.pk:
            errors.setdefault(index, {})["product"] = ["Not found in this workspace."]
        elif product.pk in seen:
            errors.setdefault(index, {})["product"] = ["This product is listed twice."]
        seen.add(product.pk)
        cost_errors = money_errors(item.get("cost"), currency)
        if cost_errors:
            errors.setdefault(index, {})["cost"] = cost_errors
    if errors:
        # Keyed by the item's index, as DRF reports errors in nested lists.
        raise ValidationError({"products": errors})


def _sync_products(*, supplier: Supplier, items: list[dict[str, Any]]) -> None:
    """Make the supplier's products exactly `items`, keyed by product."""
    current = {link.product_id: link for link in supplier.supplied_products.all()}
    wanted = {item["product"].pk: item for item in items}
    supplier.supplied_products.exclude(product_id__in=wanted).delete()
    for product_id, item in wanted.items():
        fields = {field: item[field] for field in _LINK_FIELDS if field in item}
        link = current.get(product_id)
        if link is None:
            SupplierProduct.objects.create(
                workspace_id=supplier.workspace_id,
                supplier=supplier,
                product=item["product"],
                **fields,
            )
        elif any(getattr(link, field) != value for field, value in fields.items()):
            for field, value in fields.items():
                setattr(link, field, value)
            link.save()


@transaction.atomic
def supplier_create(
    *,
    workspace: Workspace,
    name: str,
    currency: str = DEFAULT_CURRENCY,
    contact_name: str = "",
    email: str = "",
    phone: str = "",
    website: str = "",
    address: str = "",
    lead_time_days: int = 0,
    notes: str = "",
    products: list[dict[str, Any]] | None = None,
) -> Supplier:
    """A new supplier, with the products it supplies (each a product, cost and supplier SKU)."""
    check_currency(currency)
    products = products or []
    _check_products(workspace=workspace, currency=currency, items=products)

    supplier = Supplier.objects.create(
        workspace=workspace,
        name=name,
        currency=currency,
        contact_name=contact_name,
        email=email,
        phone=phone,
        website=website,
        address=address,
        lead_time_days=lead_time_days,
        notes=notes,
    )
    _sync_products(supplier=supplier, items=products)

    logger.info(
        "catalog.supplier_created",
        extra={"workspace_id": workspace.pk, "supplier_id": supplier.pk, "products": len(products)},
    )
    return supplier


@transaction.atomic
def supplier_update(*, supplier: Supplier, data: dict[str, Any]) -> Supplier:
    """Change the given fields; `products`, when given, is the full list the supplier supplies."""
    currency = data.get("currency", supplier.currency)
    check_currency(currency)
    items = data.get("products")
    if items is not None:
        _check_products(workspace=supplier.workspace, currency=currency, items=items)
    elif currency != supplier.currency:
        misfits = [
            link for link in supplier.supplied_products.all() if money_errors(link.cost, currency)
        ]
        if misfits:
            raise ValidationError({"currency": [f"Some product costs do not fit {currency}."]})

    changed = [field for field in _SUPPLIER_FIELDS if field in data]
    for field in changed:
        setattr(supplier, field, data[field])
    supplier.save()
    if items is not None:
        _sync_products(supplier=supplier, items=items)
    supplier._prefetched_objects_cache = {}

    logger.info(
        "catalog.supplier_updated",
        extra={
            "workspace_id": supplier.workspace_id,
            "supplier_id": supplier.pk,
            "fields": changed + (["products"] if items is not None else []),
        },
    )
    return supplier


@transaction.atomic
def supplier_delete(*, supplier: Supplier) -> None:
    """Delete a supplier and its product list; its lots stay, without a supplier."""
    supplier_id, workspace_id = supplier.pk, supplier.workspace_id
    supplier.delete()
    logger.info(
        "catalog.supplier_deleted", extra={"workspace_id": workspace_id, "supplier_id": supplier_id}
    )
