"""Query parameters of the catalogue lists."""

import django_filters

from .models import (
    Category,
    InventoryLot,
    MovementKind,
    PriceChange,
    Product,
    ProductStatus,
    ProductVariant,
    StockMovement,
    Supplier,
    SupplierProduct,
)
from .selectors import category_subtree_ids


class CategoryFilterSet(django_filters.FilterSet):
    parent = django_filters.NumberFilter(field_name="parent_id", label="Children of this category")
    is_root = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label="Top-level categories only"
    )

    class Meta:
        model = Category
        fields = ["parent", "is_root", "slug"]


class ProductFilterSet(django_filters.FilterSet):
    category = django_filters.NumberFilter(
        method="filter_category", label="In this category or any of its subcategories"
    )
    status = django_filters.ChoiceFilter(choices=ProductStatus.choices)
    price_min = django_filters.NumberFilter(field_name="price", lookup_expr="gte")
    price_max = django_filters.NumberFilter(field_name="price", lookup_expr="lte")
    supplier = django_filters.NumberFilter(method="filter_supplier", label="Supplied by")

    class Meta:
        model = Product
        fields = ["category", "status", "price_min", "price_max", "currency", "supplier", "sku"]

    def filter_category(self, queryset, name, value):
        ids = category_subtree_ids(workspace=self.request.auth.workspace, category_id=int(value))
        return queryset.filter(category_id__in=ids)

    def filter_supplier(self, queryset, name, value):
        supplied = SupplierProduct.objects.filter(supplier_id=value).values("product_id")
        return queryset.filter(pk__in=supplied)


class ProductVariantFilterSet(django_filters.FilterSet):
    product = django_filters.NumberFilter(field_name="product_id")

    class Meta:
        model = ProductVariant
        fields = ["product", "sku", "barcode"]


class SupplierFilterSet(django_filters.FilterSet):
    product = django_filters.NumberFilter(
        field_name="supplied_products__product_id", label="Supplies this product"
    )

    class Meta:
        model = Supplier
        fields = ["currency", "product"]


class InventoryLotFilterSet(django_filters.FilterSet):
    product = django_filters.NumberFilter(field_name="product_id")
    variant = django_filters.NumberFilter(field_name="variant_id")
    supplier = django_filters.NumberFilter(field_name="supplier_id")
    in_stock = django_filters.BooleanFilter(method="filter_in_stock", label="Holding stock")
    expires_on = django_filters.DateFromToRangeFilter(
        label="Expiry between expires_on_after and expires_on_before (inclusive)"
    )

    class Meta:
        model = InventoryLot
        fields = ["product", "variant", "location", "lot_number", "supplier", "in_stock"]

    def filter_in_stock(self, queryset, name, value):
        return queryset.filter(quantity__gt=0) if value else queryset.filter(quantity=0)


class StockMovementFilterSet(django_filters.FilterSet):
    lot = django_filters.NumberFilter(field_name="lot_id")
    product = django_filters.NumberFilter(field_name="product_id")
    variant = django_filters.NumberFilter(field_name="variant_id")
    kind = django_filters.ChoiceFilter(choices=MovementKind.choices)
    created_at = django_filters.IsoDateTimeFromToRangeFilter(
        label="Between created_at_after and created_at_before (ISO 8601)"
    )

    class Meta:
        model = StockMovement
        fields = ["lot", "product", "variant", "location", "kind", "transfer_id"]


class PriceChangeFilterSet(django_filters.FilterSet):
    product = django_filters.NumberFilter(field_name="product_id")
    variant = django_filters.NumberFilter(field_name="variant_id")
    sku = django_filters.CharFilter(field_name="sku")
    changed_at = django_filters.IsoDateTimeFromToRangeFilter(
        field_name="created_at",
        label="Between changed_at_after and changed_at_before (ISO 8601)",
    )

    class Meta:
        model = PriceChange
        fields = ["product", "variant", "sku", "source"]
