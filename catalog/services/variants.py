"""Writes of variants on their own; `products` writes them together with their product."""

import logging
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from rest_framework.exceptions import ValidationError

from catalog.actors import ChangeActor, acting_as
from catalog.models import Product, ProductVariant
from simplycrm.api.errors import Conflict

from ._checks import check_money
from .skus import sku_message, taken_barcodes, taken_skus

logger = logging.getLogger(__name__)

# What a client may change on a variant.
VARIANT_FIELDS = ("sku", "options", "price", "barcode", "position")


def delete_variants(variants: list[ProductVariant]) -> None:
    """Delete the variants; one with inventory lots or stock movements is a conflict."""
    if not variants:
        return
    try:
        with transaction.atomic():
            ProductVariant.objects.filter(pk__in=[variant.pk for variant in variants]).delete()
    except ProtectedError:
        raise Conflict(
            "A variant with inventory lots or stock movements cannot be deleted.",
            details={"variants": sorted(variant.sku for variant in variants)},
        ) from None


@transaction.atomic
def variant_create(
    *,
    product: Product,
    sku: str,
    options: dict[str, Any] | None = None,
    price: Decimal | None = None,
    barcode: str = "",
    position: int | None = None,
    actor: ChangeActor | None = None,
) -> ProductVariant:
    """A new variant of `product`; a price of its own starts the variant's price history."""
    workspace = product.workspace
    check_money(price, product.currency, "price")
    if sku in taken_skus(workspace=workspace, skus=[sku]):
        raise ValidationError({"sku": [sku_message(sku)]})
    if barcode in taken_barcodes(workspace=workspace, barcodes=[barcode]):
        raise ValidationError({"barcode": [f"Barcode {barcode!r} is already used."]})
    if position is None:
        position = ProductVariant.objects.filter(product=product).count()

    with acting_as(actor):
        variant = ProductVariant.objects.create(
            workspace=workspace,
            product=product,
            sku=sku,
            options=options or {},
            price=price,
            barcode=barcode,
            position=position,
        )

    logger.info(
        "catalog.variant_created",
        extra={"workspace_id": workspace.pk, "product_id": product.pk, "variant_id": variant.pk},
    )
    return variant


@transaction.atomic
def variant_update(
    *, variant: ProductVariant, data: dict[str, Any], actor: ChangeActor | None = None
) -> ProductVariant:
    """Change the given fields of a variant; it stays with its product."""
    if "product" in data and data["product"] != variant.product:
        raise ValidationError({"product": ["A variant cannot move to another product."]})
    workspace = variant.workspace
    if "price" in data:
        check_money(data["price"], variant.product.currency, "price")
    sku = data.get("sku", variant.sku)
    if sku != variant.sku and sku in taken_skus(
        workspace=workspace, skus=[sku], ignore_variant_ids=[variant.pk]
    ):
        raise ValidationError({"sku": [sku_message(sku)]})
    barcode = data.get("barcode", variant.barcode)
    if barcode != variant.barcode and barcode in taken_barcodes(
        workspace=workspace, barcodes=[barcode], ignore_variant_ids=[variant.pk]
    ):
        raise ValidationError({"barcode": [f"Barcode {barcode!r} is already used."]})

    changed = [field for field in VARIANT_FIELDS if field in data]
    with acting_as(actor):
        for field in changed:
            setattr(variant, field, data[field])
        variant.save()

    logger.info(
        "catalog.variant_updated",
        extra={"workspace_id": workspace.pk, "variant_id": variant.pk, "fields": changed},
    )
    return variant


@transaction.atomic
def variant_delete(*, variant: ProductVariant) -> None:
    """Delete a variant; one with stock history is a conflict."""
    variant_id, workspace_id = variant.pk, variant.workspace_id
    delete_variants([variant])
    logger.info(
        "catalog.variant_deleted", extra={"workspace_id": workspace_id, "variant_id": variant_id}
    )
