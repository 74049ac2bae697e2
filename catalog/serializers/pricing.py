"""Bodies of the price history."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalog.models import PriceChange

from .common import CatalogActorSerializer, ChangeSourceField, MoneyField, actor_summary


class PriceChangeSerializer(serializers.ModelSerializer):
    old_price = MoneyField(
        currency_source="old_currency",
        read_only=True,
        allow_null=True,
        help_text="Null for a first price, or when a variant had no price of its own.",
    )
    new_price = MoneyField(
        read_only=True,
        allow_null=True,
        help_text="Null when a variant's own price was removed.",
    )
    changed_at = serializers.DateTimeField(source="created_at", read_only=True)
    changed_by = serializers.SerializerMethodField()
    source = ChangeSourceField()

    class Meta:
        model = PriceChange
        fields = [
            "id",
            "product",
            "variant",
            "sku",
            "old_price",
            "new_price",
            "old_currency",
            "currency",
            "changed_at",
            "changed_by",
            "source",
        ]
        read_only_fields = fields

    @extend_schema_field(CatalogActorSerializer(allow_null=True))
    def get_changed_by(self, change: PriceChange) -> dict | None:
        return actor_summary(change.changed_by, change.changed_by_api_key)
