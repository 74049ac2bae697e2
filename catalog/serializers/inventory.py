"""Bodies of inventory lots, stock movements and on-hand totals."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import InventoryLot, Product, ProductVariant, StockMovement, Supplier
from catalog.services import MOVE_KINDS
from simplycrm.api.serializers import (
    StrictSerializer,
    WorkspaceModelSerializer,
    WorkspaceRelatedField,
)

from .common import CatalogActorSerializer, ChangeSourceField, actor_summary, quantity_field


class InventoryLotSerializer(WorkspaceModelSerializer):
    # What an existing lot cannot change, and what to do instead.
    FIXED_AFTER_CREATE = {
        "lot_number": "A lot keeps its number; receive a new lot instead.",
        "product": "A lot keeps its product; receive a new lot instead.",
        "variant": "A lot keeps its variant; receive a new lot instead.",
        "location": "Move stock to another location with a transfer movement.",
        "quantity": "Change stock with a movement (receipt, sale, adjustment or transfer).",
    }

    product = WorkspaceRelatedField(
        queryset=Product.objects.all(),
        required=False,
        help_text="May be left out when `variant` is given.",
    )
    variant = WorkspaceRelatedField(
        queryset=ProductVariant.objects.all(), allow_null=True, required=False
    )
    supplier = WorkspaceRelatedField(
        queryset=Supplier.objects.all(), allow_null=True, required=False
    )
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    variant_sku = serializers.CharField(source="variant.sku", read_only=True, default=None)
    quantity = quantity_field(
        required=False,
        help_text="On hand. Sent once, as the quantity received, when the lot is created; "
        "movements change it afterwards.",
    )

    class Meta:
        model = InventoryLot
        fields = [
            "id",
            "lot_number",
            "product",
            "product_sku",
            "variant",
            "variant_sku",
            "location",
            "quantity",
            "quantity_received",
            "received_on",
            "expires_on",
            "supplier",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["quantity_received", "created_at", "updated_at"]
        extra_kwargs = {"received_on": {"required": False}}

    def validate(self, attrs):
        if self.instance is None:
            errors = {}
            if attrs.get("product") is None and attrs.get("variant") is None:
                errors["product"] = ["Give a product or a variant."]
            if "quantity" not in attrs:
                errors["quantity"] = ["This field is required."]
            if errors:
                raise serializers.ValidationError(errors)
            return attrs

        errors = {
            field: [hint]
            for field, hint in self.FIXED_AFTER_CREATE.items()
            if field in attrs and attrs[field] != getattr(self.instance, field)
        }
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class StockMoveSerializer(StrictSerializer):
    kind = serializers.ChoiceField(
        choices=MOVE_KINDS,
        help_text="receipt adds stock, sale removes it, adjustment corrects it by a signed "
        "quantity, transfer sends it to `to_location`.",
    )
    quantity = quantity_field(
        help_text="Positive; for an adjustment, negative to remove stock and positive to add."
    )
    to_location = serializers.CharField(
        max_length=64, required=False, allow_blank=True, help_text="For a transfer only."
    )
    reference = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        help_text="An order, delivery note or count sheet.",
    )
    note = serializers.CharField(required=False, allow_blank=True)


class StockMovementSerializer(serializers.ModelSerializer):
    created_by = serializers.SerializerMethodField()
    source = ChangeSourceField()

    class Meta:
        model = StockMovement
        fields = [
            "id",
            "lot",
            "lot_number",
            "product",
            "variant",
            "location",
            "kind",
            "quantity",
            "balance",
            "transfer_id",
            "reference",
            "note",
            "created_by",
            "source",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(CatalogActorSerializer(allow_null=True))
    def get_created_by(self, movement: StockMovement) -> dict | None:
        return actor_summary(movement.created_by, movement.created_by_api_key)


class StockMoveResultSerializer(serializers.Serializer):
    lot = InventoryLotSerializer(help_text="The lot the movement started from, as it is now.")
    movements = StockMovementSerializer(many=True, help_text="Two for a transfer, else one.")


class OnHandSerializer(serializers.Serializer):
    product = serializers.IntegerField(source="product_id")
    product_sku = serializers.CharField(source="product__sku")
    product_name = serializers.CharField(source="product__name")
    location = serializers.CharField()
    quantity = quantity_field(source="on_hand", help_text="Summed over the product's lots here.")
    lot_count = serializers.IntegerField(help_text="Lots here still holding stock.")
    next_expiry = serializers.DateField(
        allow_null=True, help_text="The earliest expiry among those lots."
    )
