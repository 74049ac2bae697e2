"""Orders over catalogue products, their invoices, and the counters that number both."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.models import WorkspaceScopedModel
from catalog.models.inventory import QUANTITY_DECIMAL_PLACES, QUANTITY_MAX_DIGITS

from ..money import DEFAULT_CURRENCY, ZERO, money_field
from .common import api_key_by, user_by
from .deals import Opportunity
from .parties import Company, Contact


class NumberSequence(WorkspaceScopedModel):
    """The last number a workspace gave out for one kind of document ("order", "invoice").

    Taking a number locks this row until the transaction ends, so concurrent requests get
    consecutive numbers and a failed request gives its number back.
    """

    name = models.CharField(max_length=20)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="sales_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.last_value}"


def _quantity(**kwargs) -> models.DecimalField:
    return models.DecimalField(
        max_digits=QUANTITY_MAX_DIGITS, decimal_places=QUANTITY_DECIMAL_PLACES, **kwargs
    )


def _percent(**kwargs) -> models.DecimalField:
    return models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(100)],
        **kwargs,
    )


class OrderStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONFIRMED = "confirmed", "Confirmed"
    FULFILLED = "fulfilled", "Fulfilled"
    CANCELLED = "cancelled", "Cancelled"


class Order(WorkspaceScopedModel):
    """A sale of catalogue products to a company; its totals are always computed, never sent."""

    # "SO-000042": given at creation from the workspace's order sequence.
    number = models.CharField(max_length=32)
    sequence = models.PositiveIntegerField()
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="orders")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    currency = models.CharField(max_length=3, default=DEFAULT_CURRENCY)
    status = models.CharField(max_length=10, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    notes = models.TextField(blank=True)
    shipping_address = models.TextField(blank=True)
    subtotal = money_field(default=ZERO)
    discount_total = money_field(default=ZERO)
    tax_total = money_field(default=ZERO)
    total = money_field(default=ZERO)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=255, blank=True)
    created_by = user_by()
    created_by_api_key = api_key_by()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "sequence"], name="sales_order_unique_number"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "status"]),
            models.Index(fields=["workspace", "total"]),
            models.Index(fields=["workspace", "updated_at"]),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(WorkspaceScopedModel):
    """One product or variant on an order, its price frozen when the line was written."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    # Always set (from the variant when only a variant was named), so reports group by product.
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="sales_order_lines"
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales_order_lines",
    )
    # The product's name and SKU when the line was written; the catalogue may change later.
    description = models.CharField(max_length=255)
    sku = models.CharField(max_length=64)
    quantity = _quantity(validators=[MinValueValidator(ZERO)])
    unit_price = money_field(validators=[MinValueValidator(ZERO)])
    discount_percent = _percent()
    tax_rate = _percent(help_text="Percent, applied after the discount.")
    subtotal = money_field()
    discount_amount = money_field()
    tax_amount = money_field()
    total = money_field()
    shipped_quantity = _quantity(default=ZERO)
    delivered_quantity = _quantity(default=ZERO)
    # The inventory lots confirmation drew from: [{"lot": id, "quantity": "2.000"}], so a
    # cancellation can put the stock back where it came from.
    stock_allocations = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="sales_order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(delivered_quantity__lte=models.F("shipped_quantity"))
                & models.Q(shipped_quantity__lte=models.F("quantity")),
                name="sales_order_line_fulfilment_within_quantity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    PAID = "paid", "Paid"
    VOID = "void", "Void"


class Invoice(WorkspaceScopedModel):
    """The bill for an order. Its number is given when it is issued, from an unbroken
    per-workspace sequence; a draft has none, and a voided invoice keeps its number.
    """

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(max_length=32, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT
    )
    # Copied from the order when the invoice is created; a confirmed order no longer changes.
    currency = models.CharField(max_length=3)
    subtotal = money_field()
    discount_total = money_field()
    tax_total = money_field()
    total = money_field()
    issue_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)
    created_by = user_by()
    created_by_api_key = api_key_by()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="sales_invoice_unique_number",
            ),
            # One invoice in force per order; a voided one may be replaced.
            models.UniqueConstraint(
                fields=["order"],
                condition=~models.Q(status="void"),
                name="sales_invoice_one_live_per_order",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "status"]),
            models.Index(fields=["workspace", "due_date"]),
            models.Index(fields=["workspace", "issue_date"]),
        ]

    def __str__(self) -> str:
        return self.number or f"Draft invoice for {self.order_id}"
