"""Suppliers and the products each one supplies."""

from django.core.exceptions import ValidationError
from django.db import models

from accounts.models import WorkspaceScopedModel
from catalog.currencies import DEFAULT_CURRENCY, MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS

from .products import Product, validate_currency


class Supplier(WorkspaceScopedModel):
    """A company the workspace buys from."""

    name = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    address = models.TextField(blank=True)
    # Usual days from order to delivery; a supplied product may override it.
    lead_time_days = models.PositiveIntegerField(default=0)
    # The currency the supplier invoices in: the costs of its products are in it.
    currency = models.CharField(
        max_length=3, default=DEFAULT_CURRENCY, validators=[validate_currency]
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["workspace", "name"], name="catalog_supp_ws_name_idx")]

    def __str__(self) -> str:
        return self.name


class SupplierProduct(WorkspaceScopedModel):
    """That a supplier supplies a product, at what cost and under which of its own SKUs."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="supplied_products"
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="supplier_links")
    supplier_sku = models.CharField(max_length=64, blank=True)
    # In the supplier's currency; empty when not negotiated yet.
    cost = models.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, null=True, blank=True
    )
    # Overrides the supplier's usual lead time for this product.
    lead_time_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "product"], name="catalog_supplier_product_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0),
                name="catalog_supplier_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} supplies {self.product}"

    def clean(self) -> None:
        if self.supplier_id is None or self.product_id is None:
            return
        if self.workspace_id is None:
            self.workspace_id = self.supplier.workspace_id
        if self.product.workspace_id != self.supplier.workspace_id:
            raise ValidationError({"product": "The product belongs to another workspace."})

    def save(self, *args, **kwargs):
        if self.workspace_id is None and self.supplier_id is not None:
            self.workspace_id = self.supplier.workspace_id
        super().save(*args, **kwargs)
