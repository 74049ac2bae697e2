"""Request and response bodies of orders, their lines and fulfilment, and invoices."""

from rest_framework import serializers

from catalog.models import Product, ProductVariant
from catalog.models.inventory import QUANTITY_DECIMAL_PLACES, QUANTITY_MAX_DIGITS
from simplycrm.api.serializers import (
    StrictFieldsMixin,
    StrictSerializer,
    WorkspaceModelSerializer,
    WorkspaceRelatedField,
)

from ..models import Company, Contact, Invoice, Opportunity, Order, OrderLine
from ..money import ZERO
from .common import ActorField, CurrencyField, MoneyField


def quantity_field(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=QUANTITY_MAX_DIGITS, decimal_places=QUANTITY_DECIMAL_PLACES, **kwargs
    )


class OrderLineSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    product = WorkspaceRelatedField(
        queryset=Product.objects.all(),
        required=False,
        help_text="The product sold; may be left out when `variant` is given.",
    )
    variant = WorkspaceRelatedField(
        queryset=ProductVariant.objects.all(), required=False, allow_null=True
    )
    quantity = quantity_field(min_value=ZERO)
    unit_price = MoneyField(
        currency_source="order.currency",
        required=False,
        help_text="Defaults to the catalogue's price, in the order's currency; kept as it is "
        "once written, whatever the catalogue does later.",
    )
    subtotal = MoneyField(currency_source="order.currency", read_only=True)
    discount_amount = MoneyField(currency_source="order.currency", read_only=True)
    tax_amount = MoneyField(currency_source="order.currency", read_only=True)
    total = MoneyField(currency_source="order.currency", read_only=True)

    class Meta:
        model = OrderLine
        fields = [
            "id",
            "position",
            "product",
            "variant",
            "sku",
            "description",
            "quantity",
            "unit_price",
            "discount_percent",
            "tax_rate",
            "subtotal",
            "discount_amount",
            "tax_amount",
            "total",
            "shipped_quantity",
            "delivered_quantity",
        ]
        read_only_fields = ["position", "sku", "shipped_quantity", "delivered_quantity"]
        extra_kwargs = {
            "description": {"required": False, "help_text": "Defaults to the product's name."},
            "discount_percent": {"help_text": "Percent off the line's subtotal."},
        }

    def validate_quantity(self, value):
        if value <= 0:
            raise serializers.ValidationError("Must be more than zero.")
        return value


class OrderSerializer(WorkspaceModelSerializer):
    company = WorkspaceRelatedField(queryset=Company.objects.all())
    contact = WorkspaceRelatedField(queryset=Contact.objects.all(), required=False, allow_null=True)
    opportunity = WorkspaceRelatedField(
        queryset=Opportunity.objects.all(), required=False, allow_null=True
    )
    currency = CurrencyField(required=False)
    lines = OrderLineSerializer(
        many=True,
        required=False,
        help_text="Every line, in order; on update the list replaces the lines (drafts only).",
    )
    subtotal = MoneyField(read_only=True)
    discount_total = MoneyField(read_only=True)
    tax_total = MoneyField(read_only=True)
    total = MoneyField(read_only=True)
    created_by = ActorField("created_by")

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "status",
            "company",
            "contact",
            "opportunity",
            "currency",
            "lines",
            "subtotal",
            "discount_total",
            "tax_total",
            "total",
            "notes",
            "shipping_address",
            "confirmed_at",
            "fulfilled_at",
            "cancelled_at",
            "cancel_reason",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "number",
            "status",
            "confirmed_at",
            "fulfilled_at",
            "cancelled_at",
            "cancel_reason",
            "created_at",
            "updated_at",
        ]


class OrderCancelSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class FulfilmentLineSerializer(StrictSerializer):
    id = serializers.IntegerField(help_text="A line of this order.")
    shipped_quantity = quantity_field(min_value=ZERO, required=False)
    delivered_quantity = quantity_field(min_value=ZERO, required=False)


class OrderFulfilSerializer(StrictSerializer):
    lines = FulfilmentLineSerializer(
        many=True,
        allow_empty=False,
        help_text="Running totals shipped and delivered for the lines that changed.",
    )


class InvoiceSerializer(WorkspaceModelSerializer):
    order = WorkspaceRelatedField(
        queryset=Order.objects.all(), help_text="A confirmed or fulfilled order; then fixed."
    )
    subtotal = MoneyField(read_only=True)
    discount_total = MoneyField(read_only=True)
    tax_total = MoneyField(read_only=True)
    total = MoneyField(read_only=True)
    created_by = ActorField("created_by")

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "status",
            "order",
            "currency",
            "subtotal",
            "discount_total",
            "tax_total",
            "total",
            "issue_date",
            "due_date",
            "paid_at",
            "voided_at",
            "void_reason",
            "notes",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "number",
            "status",
            "currency",
            "issue_date",
            "paid_at",
            "voided_at",
            "void_reason",
            "created_at",
            "updated_at",
        ]
        # One invoice in force per order is the service's rule, answered with a 409 naming
        # the invoice; the generic unique-together check would hide that.
        validators = []
        extra_kwargs = {
            "number": {"help_text": "Given when the invoice is issued; empty on a draft."},
            "due_date": {"help_text": "Defaults to 30 days after the issue date."},
        }

    def validate(self, attrs: dict) -> dict:
        # Sending back what was read is fine; another order is not.
        order = attrs.pop("order", None) if self.instance is not None else None
        if order is not None and order != self.instance.order:
            raise serializers.ValidationError({"order": ["An invoice stays on its order."]})
        return attrs


class InvoiceIssueSerializer(StrictSerializer):
    issue_date = serializers.DateField(required=False, help_text="Defaults to today.")
    due_date = serializers.DateField(required=False)


class InvoicePaySerializer(StrictSerializer):
    paid_at = serializers.DateTimeField(required=False, help_text="Defaults to now.")


class InvoiceVoidSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)
