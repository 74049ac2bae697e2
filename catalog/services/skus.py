"""Which SKUs and barcodes a workspace already uses.

A SKU names one sellable thing, so products and variants share one SKU namespace per workspace.
The database holds each table to unique SKUs; the services also check across the two tables, and
answer a clear 400 naming the field before the database would answer with a conflict.
"""

from collections.abc import Iterable

from accounts.models import Workspace
from catalog.models import Product, ProductVariant


def sku_message(sku: str) -> str:
    return f"SKU {sku!r} is already used by a product or variant of this workspace."


def taken_skus(
    *,
    workspace: Workspace,
    skus: Iterable[str],
    ignore_product_id: int | None = None,
    ignore_variant_ids: Iterable[int] = (),
) -> set[str]:
    """Which of `skus` another product or variant of the workspace already uses."""
    wanted = {sku for sku in skus if sku}
    if not wanted:
        return set()
    products = Product.objects.for_workspace(workspace).filter(sku__in=wanted)
    if ignore_product_id is not None:
        products = products.exclude(pk=ignore_product_id)
    variants = (
        ProductVariant.objects.for_workspace(workspace)
        .filter(sku__in=wanted)
        .exclude(pk__in=list(ignore_variant_ids))
    )
    return set(products.values_list("sku", flat=True)) | set(variants.values_list("sku", flat=True))


def taken_barcodes(
    *, workspace: Workspace, barcodes: Iterable[str], ignore_variant_ids: Iterable[int] = ()
) -> set[str]:
    """Which of `barcodes` another variant of the workspace already carries."""
    wanted = {barcode for barcode in barcodes if barcode}
    if not wanted:
        return set()
    return set(
        ProductVariant.objects.for_workspace(workspace)
        .filter(barcode__in=wanted)
        .exclude(pk__in=list(ignore_variant_ids))
        .values_list("barcode", flat=True)
    )
