"""Bodies of categories, products, variants and suppliers."""

from rest_framework import serializers

from catalog.models import Category, Product, ProductVariant, Supplier, SupplierProduct
from simplycrm.api.serializers import WorkspaceModelSerializer, WorkspaceRelatedField

from .common import MoneyField, json_object


class CategorySerializer(WorkspaceModelSerializer):
    parent = WorkspaceRelatedField(
        queryset=Category.objects.all(),
        allow_null=True,
        required=False,
        help_text="The parent category; null for a top-level one.",
    )
    slug = serializers.SlugField(
        max_length=140,
        required=False,
        allow_blank=True,
        help_text="Unique per workspace; made from the name when left out.",
    )

    class Meta:
        model = Category
        fields = [
            "id",
            "name",
            "slug",
            "parent",
            "position",
            "description",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


# --- Products and variants ------------------------------------------------------------------


class ProductVariantSerializer(WorkspaceModelSerializer):
    product = WorkspaceRelatedField(queryset=Product.objects.all())
    price = MoneyField(
        currency_source="product.currency",
        allow_null=True,
        required=False,
        help_text="This variant's own price, in the product's currency; null sells at the "
        "product's price.",
    )
    effective_price = MoneyField(
        currency_source="product.currency",
        read_only=True,
        help_text="What the variant sells at: its own price, else the product's.",
    )
    currency = serializers.CharField(source="product.currency", read_only=True)

    class Meta:
        model = ProductVariant
        fields = [
            "id",
            "product",
            "sku",
            "options",
            "price",
            "effective_price",
            "currency",
            "barcode",
            "position",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "options": {"help_text": 'What sets the variant apart, e.g. {"size": "M"}.'},
            "position": {"required": False},
        }

    def validate_options(self, value):
        return json_object(value, max_keys=10, allow_lists=False)


class ProductVariantInlineSerializer(ProductVariantSerializer):
    """A variant written together with its product."""

    id = serializers.IntegerField(
        required=False,
        help_text="An existing variant of the product to change; leave out to add a variant.",
    )

    class Meta(ProductVariantSerializer.Meta):
        fields = [name for name in ProductVariantSerializer.Meta.fields if name != "product"]


class ProductSerializer(WorkspaceModelSerializer):
    category = WorkspaceRelatedField(
        queryset=Category.objects.all(), allow_null=True, required=False
    )
    price = MoneyField(help_text="The list price, in `currency`; never negative.")
    variants = ProductVariantInlineSerializer(
        many=True,
        required=False,
        help_text="When sent, the full list of the product's variants: items with an `id` "
        "change that variant, items without one are added, variants left out are deleted.",
    )

    class Meta:
        model = Product
        fields = [
            "id",
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
            "variants",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "currency": {"help_text": "ISO 4217 code, e.g. EUR."},
            "attributes": {"help_text": 'Free-form facts, e.g. {"material": "oak"}.'},
        }

    def validate_attributes(self, value):
        return json_object(value, max_keys=50, allow_lists=True)


# --- Suppliers ------------------------------------------------------------------------------


class SupplierProductSerializer(WorkspaceModelSerializer):
    product = WorkspaceRelatedField(queryset=Product.objects.all())
    product_sku = serializers.CharField(source="product.sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    cost = MoneyField(
        currency_source="supplier.currency",
        allow_null=True,
        required=False,
        help_text="What the supplier charges, in the supplier's currency.",
    )

    class Meta:
        model = SupplierProduct
        fields = [
            "product",
            "product_sku",
            "product_name",
            "supplier_sku",
            "cost",
            "lead_time_days",
        ]


class SupplierSerializer(WorkspaceModelSerializer):
    products = SupplierProductSerializer(
        source="supplied_products",
        many=True,
        required=False,
        help_text="When sent, the full list of what the supplier supplies; products left out "
        "are removed from it.",
    )

    class Meta:
        model = Supplier
        fields = [
            "id",
            "name",
            "contact_name",
            "email",
            "phone",
            "website",
            "address",
            "lead_time_days",
            "currency",
            "notes",
            "products",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
