"""Inventory lots (a batch of one product at one location) and the movements that change them.

A lot's `quantity` changes only through `catalog.services.stock_move`, which writes a
`StockMovement` for each change; the database refuses a negative quantity as a last guard.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accounts.models import WorkspaceScopedModel
from catalog.actors import ChangeSource

from .products import Product, ProductVariant
from .suppliers import Supplier

QUANTITY_MAX_DIGITS = 14
# Three decimals so weights and volumes (kg, l) can be counted, not only pieces.
QUANTITY_DECIMAL_PLACES = 3


def _quantity_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(
        max_digits=QUANTITY_MAX_DIGITS, decimal_places=QUANTITY_DECIMAL_PLACES, **kwargs
    )


class InventoryLot(WorkspaceScopedModel):
    """A batch of one product (or one variant) held at one location.

    A transfer moves part of a lot to another location: the stock there is a lot with the same
    number, so the batch stays traceable wherever it went.
    """

    lot_number = models.CharField(max_length=64)
    # A product or variant with stock history cannot be deleted; archive it instead.
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="lots")
    variant = models.ForeignKey(
        ProductVariant, on_delete=models.PROTECT, null=True, blank=True, related_name="lots"
    )
    # Where the stock sits: a warehouse, shop or bin code such as "PARIS-1".
    location = models.CharField(max_length=64)
    # Everything received into this lot at this location, transfers in excluded.
    quantity_received = _quantity_field(default=0)
    # On hand now.
    quantity = _quantity_field(default=0)
    received_on = models.DateField(default=timezone.localdate)
    expires_on = models.DateField(null=True, blank=True)
    supplier = models.ForeignKey(
        Supplier, on_delete=models.SET_NULL, null=True, blank=True, related_name="lots"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["product_id", "location", "lot_number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="catalog_lot_quantity_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_received__gte=0),
                name="catalog_lot_received_not_negative",
            ),
            models.UniqueConstraint(
                fields=["workspace", "product", "lot_number", "location"],
                condition=models.Q(variant__isnull=True),
                name="catalog_lot_product_uniq",
            ),
            models.UniqueConstraint(
                fields=["workspace", "variant", "lot_number", "location"],
                condition=models.Q(variant__isnull=False),
                name="catalog_lot_variant_uniq",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "location"], name="catalog_lot_ws_location_idx"),
            models.Index(fields=["workspace", "expires_on"], name="catalog_lot_ws_expires_idx"),
            models.Index(fields=["workspace", "received_on"], name="catalog_lot_ws_received_idx"),
            models.Index(fields=["workspace", "lot_number"], name="catalog_lot_ws_number_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.lot_number} @ {self.location}"

    def clean(self) -> None:
        if self.product_id is None:
            return
        if self.product.workspace_id != self.workspace_id:
            raise ValidationError({"product": "The product belongs to another workspace."})
        if self.variant_id and self.variant.product_id != self.product_id:
            raise ValidationError({"variant": "The variant is not one of the product's."})
        if self.supplier_id and self.supplier.workspace_id != self.workspace_id:
            raise ValidationError({"supplier": "The supplier belongs to another workspace."})


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", "Receipt"
    SALE = "sale", "Sale"
    ADJUSTMENT = "adjustment", "Adjustment"
    TRANSFER_OUT = "transfer_out", "Transfer out"
    TRANSFER_IN = "transfer_in", "Transfer in"


class StockMovement(WorkspaceScopedModel):
    """One change of one lot's quantity; the rows of a lot, oldest first, replay its history.

    The lot's number, product, variant and location are copied here so the history stays
    readable after an emptied lot is deleted.
    """

    lot = models.ForeignKey(
        InventoryLot, on_delete=models.SET_NULL, null=True, blank=True, related_name="movements"
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="stock_movements")
    variant = models.ForeignKey(
        ProductVariant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_movements",
    )
    lot_number = models.CharField(max_length=64)
    location = models.CharField(max_length=64)
    kind = models.CharField(max_length=12, choices=MovementKind.choices)
    # Signed: positive into the lot, negative out of it.
    quantity = _quantity_field()
    # The lot's quantity on hand just after this movement.
    balance = _quantity_field()
    # The two halves of one transfer share this id.
    transfer_id = models.UUIDField(null=True, blank=True, db_index=True)
    # An order, delivery note or count sheet the movement belongs to.
    reference = models.CharField(max_length=120, blank=True)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set instead of `created_by` when a workspace API key moved the stock.
    created_by_api_key = models.ForeignKey(
        "accounts.ApiKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=ChangeSource.choices)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "created_at"], name="catalog_move_ws_created_idx"),
            models.Index(fields=["workspace", "location"], name="catalog_move_ws_location_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} of {self.lot_number} @ {self.location}"
