"""Writes of products, with their variants when a client sends them together."""

import logging
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from rest_framework.exceptions import ValidationError

from accounts.models import Workspace
from catalog.actors import ChangeActor, acting_as
from catalog.currencies import DEFAULT_CURRENCY
from catalog.models import Category, Product, ProductStatus, ProductVariant, TaxClass, Unit
from simplycrm.api.errors import Conflict

from ._checks import check_currency, check_money, money_errors, require_workspace
from .skus import sku_message, taken_barcodes, taken_skus
from .variants import VARIANT_FIELDS, delete_variants

logger = logging.getLogger(__name__)

_PRODUCT_FIELDS = (
    "name",
    "sku",
    "description",
    "category",
    "status",
    "price",
    "currency",
    "unit",
    "tax_class",
    "attributes",
)


def _add(errors: dict[int, dict[str, list[str]]], index: int, field: str, message: str) -> None:
    errors.setdefault(index, {}).setdefault(field, []).append(message)


def _check_variant_items(
    *,
    workspace: Workspace,
    product_sku: str,
    currency: str,
    items: list[dict[str, Any]],
    existing: dict[int, ProductVariant],
    ignore_product_id: int | None,
) -> None:
    """Validate the full list of a product's variants before anything is written.

    Items with an `id` change that variant of the product; items without one are new and need
    a SKU. SKUs and barcodes must be unique within the list and unused elsewhere.
    """
    errors: dict[int, dict[str, list[str]]] = {}
    skus: dict[int, str] = {}
    barcodes: dict[int, str] = {}
    for index, item in enumerate(items):
        variant_id = item.get("id")
        current = existing.get(variant_id) if variant_id is not None else None
        if variant_id is not None and current is None:
            _add(errors, index, "id", "Not a variant of this product.")
            continue
        sku = item.get("sku") or (current.sku if current else "")
        if not sku:
            _add(errors, index, "sku", "This field is required.")
        elif sku == product_sku or sku in skus.values():
            _add(errors, index, "sku", f"SKU {sku!r} appears twice in this product.")
        else:
            skus[index] = sku
        barcode = item.get("barcode", current.barcode if current else "")
        if barcode and barcode in barcodes.values():
            _add(errors, index, "barcode", f"Barcode {barcode!r} appears twice in this product.")
        elif barcode:
            barcodes[index] = barcode
        price = item.get("price", current.price if current else None)
        for message in money_errors(price, currency):
            _add(errors, index, "price", message)

    used_skus = taken_skus(
        workspace=workspace,
        skus=skus.values(),
        ignore_product_id=ignore_product_id,
        ignore_variant_ids=existing,
    )
    used_barcodes = taken_barcodes(
        workspace=workspace, barcodes=barcodes.values(), ignore_variant_ids=existing
    )
    for index, sku in skus.items():
        if sku in used_skus:
            _add(errors, index, "sku", sku_message(sku))
    for index, barcode in barcodes.items():
        if barcode in used_barcodes:
            _add(
                errors, index, "barcode", f"Barcode {barcode!r} is already used in this workspace."
            )
    if errors:
        # Keyed by the item's index, as DRF reports errors in nested lists.
        raise ValidationError({"variants": dict(sorted(errors.items()))})


def _sync_variants(
    *, product: Product, items: list[dict[str, Any]], existing: dict[int, ProductVariant]
) -> None:
    """Make the product's variants exactly `items`: change, add, and delete the ones left out."""
    kept = {item["id"] for item in items if item.get("id") is not None}
    delete_variants([variant for pk, variant in existing.items() if pk not in kept])
    for index, item in enumerate(items):
        fields = {field: item[field] for field in VARIANT_FIELDS if field in item}
        if item.get("id") is not None:
            variant = existing[item["id"]]
            for field, value in fields.items():
                setattr(variant, field, value)
            variant.save()
        else:
            fields.setdefault("position", index)
            ProductVariant.objects.create(
                workspace_id=product.workspace_id, product=product, **fields
            )


@transaction.atomic
def product_create(
    *,
    workspace: Workspace,
    name: str,
    sku: str,
    price: Decimal,
    currency: str = DEFAULT_CURRENCY,
    description: str = "",
    category: Category | None = None,
    status: str = ProductStatus.ACTIVE,
    unit: str = Unit.PIECE,
    tax_class: str = TaxClass.STANDARD,
    attributes: dict[str, Any] | None = None,
    variants: list[dict[str, Any]] | None = None,
    actor: ChangeActor | None = None,
) -> Product:
    """A new product, with its variants if given; its first price starts the price history."""
    require_workspace(category, workspace, "category")
    check_currency(currency)
    check_money(price, currency, "price")
    if sku in taken_skus(workspace=workspace, skus=[sku]):
        raise ValidationError({"sku": [sku_message(sku)]})
    variants = variants or []
    _check_variant_items(
        workspace=workspace,
        product_sku=sku,
        currency=currency,
        items=variants,
        existing={},
        ignore_product_id=None,
    )

    with acting_as(actor):
        product = Product.objects.create(
            workspace=workspace,
            name=name,
            sku=sku,
            price=price,
            currency=currency,
            description=description,
            category=category,
            status=status,
            unit=unit,
            tax_class=tax_class,
            attributes=attributes or {},
        )
        _sync_variants(product=product, items=variants, existing={})

    logger.info(
        "catalog.product_created",
        extra={
            "workspace_id": workspace.pk,
            "product_id": product.pk,
            "sku": sku,
            "variants": len(variants),
        },
    )
    return product


@transaction.atomic
def product_update(
    *, product: Product, data: dict[str, Any], actor: ChangeActor | None = None
) -> Product:
    """Change the given fields of a product.

    When `variants` is given it is the full list: items with an `id` change that variant,
    items without one are added, and the product's variants left out are deleted.
    """
    workspace = product.workspace
    if "category" in data:
        require_workspace(data["category"], workspace, "category")
    currency = data.get("currency", product.currency)
    check_currency(currency)
    if "price" in data:
        check_money(data["price"], currency, "price")
    elif money_errors(product.price, currency):
        raise ValidationError(
            {"currency": [f"The price {product.price} does not fit {currency}; send a new price."]}
        )
    sku = data.get("sku", product.sku)
    items = data.get("variants")
    existing = {variant.pk: variant for variant in ProductVariant.objects.filter(product=product)}

    ignore_variants = existing if items is not None else ()
    if sku != product.sku and sku in taken_skus(
        workspace=workspace,
        skus=[sku],
        ignore_product_id=product.pk,
        ignore_variant_ids=ignore_variants,
    ):
        raise ValidationError({"sku": [sku_message(sku)]})
    if items is not None:
        _check_variant_items(
            workspace=workspace,
            product_sku=sku,
            currency=currency,
            items=items,
            existing=existing,
            ignore_product_id=product.pk,
        )
    elif currency != product.currency:
        misfits = sorted(v.sku for v in existing.values() if money_errors(v.price, currency))
        if misfits:
            raise ValidationError(
                {
                    "currency": [
                        f"The prices of variants {', '.join(misfits)} do not fit {currency}."
                    ]
                }
            )

    changed = [field for field in _PRODUCT_FIELDS if field in data]
    with acting_as(actor):
        for field in changed:
            setattr(product, field, data[field])
        product.save()
        if items is not None:
            _sync_variants(product=product, items=items, existing=existing)
    # Whatever the caller prefetched is stale now.
    product._prefetched_objects_cache = {}

    logger.info(
        "catalog.product_updated",
        extra={
            "workspace_id": workspace.pk,
            "product_id": product.pk,
            "fields": changed + (["variants"] if items is not None else []),
        },
    )
    return product


@transaction.atomic
def product_delete(*, product: Product) -> None:
    """Delete a product and its variants; one with stock history is a conflict (archive it)."""
    product_id, workspace_id = product.pk, product.workspace_id
    try:
        with transaction.atomic():
            product.delete()
    except ProtectedError:
        raise Conflict(
            "This product has inventory lots or stock movements; archive it instead.",
            details={"sku": product.sku},
        ) from None
    logger.info(
        "catalog.product_deleted", extra={"workspace_id": workspace_id, "product_id": product_id}
    )
