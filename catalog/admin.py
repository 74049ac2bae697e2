"""The catalogue in the Django admin.

Price changes made here are recorded like any other, attributed to the staff user. Stock
quantities are read-only: they change through stock movements (the API's `move`), so every
change stays in the history. Price history and stock movements are read-only records.
"""

from django.contrib import admin

from .actors import ChangeActor, ChangeSource, acting_as
from .models import (
    Category,
    InventoryLot,
    PriceChange,
    Product,
    ProductVariant,
    StockMovement,
    Supplier,
    SupplierProduct,
)


class AttributedChangesMixin:
    """Attribute the price changes of an admin save to the signed-in staff user."""

    def save_model(self, request, obj, form, change):
        with acting_as(ChangeActor.from_request(request, ChangeSource.ADMIN)):
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        with acting_as(ChangeActor.from_request(request, ChangeSource.ADMIN)):
            super().save_formset(request, form, formset, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record written by the application; staff may look, not touch."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "position", "workspace", "created_at"]
    list_filter = ["workspace"]
    search_fields = ["name", "slug", "workspace__name"]
    list_select_related = ["parent", "workspace"]
    autocomplete_fields = ["workspace", "parent"]
    prepopulated_fields = {"slug": ["name"]}


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0
    fields = ["sku", "options", "price", "barcode", "position"]


class ProductSupplierInline(admin.TabularInline):
    """On a product's page: who supplies it."""

    model = SupplierProduct
    extra = 0
    fields = ["supplier", "supplier_sku", "cost", "lead_time_days"]
    autocomplete_fields = ["supplier"]


class SupplierProductInline(admin.TabularInline):
    """On a supplier's page: what it supplies."""

    model = SupplierProduct
    extra = 0
    fields = ["product", "supplier_sku", "cost", "lead_time_days"]
    autocomplete_fields = ["product"]


@admin.register(Product)
class ProductAdmin(AttributedChangesMixin, admin.ModelAdmin):
    list_display = ["name", "sku", "price", "currency", "status", "category", "workspace"]
    list_filter = ["status", "currency", "tax_class", "unit", "workspace"]
    search_fields = ["name", "sku", "description", "workspace__name"]
    list_select_related = ["category", "workspace"]
    autocomplete_fields = ["workspace", "category"]
    inlines = [ProductVariantInline, ProductSupplierInline]
    fieldsets = [
        (None, {"fields": ["workspace", "name", "sku", "description", "category", "status"]}),
        ("Price", {"fields": ["price", "currency", "unit", "tax_class"]}),
        ("Attributes", {"fields": ["attributes"]}),
    ]


@admin.register(ProductVariant)
class ProductVariantAdmin(AttributedChangesMixin, admin.ModelAdmin):
    list_display = ["sku", "product", "price", "barcode", "position", "workspace"]
    list_filter = ["workspace"]
    search_fields = ["sku", "barcode", "product__name", "product__sku"]
    list_select_related = ["product", "workspace"]
    autocomplete_fields = ["product"]
    # The workspace is always the product's.
    exclude = ["workspace"]


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_name", "email", "currency", "lead_time_days", "workspace"]
    list_filter = ["currency", "workspace"]
    search_fields = ["name", "contact_name", "email", "workspace__name"]
    list_select_related = ["workspace"]
    autocomplete_fields = ["workspace"]
    inlines = [SupplierProductInline]


@admin.register(SupplierProduct)
class SupplierProductAdmin(admin.ModelAdmin):
    list_display = ["product", "supplier", "supplier_sku", "cost", "lead_time_days", "workspace"]
    list_filter = ["supplier__currency", "workspace"]
    search_fields = ["supplier_sku", "product__sku", "product__name", "supplier__name"]
    list_select_related = ["product", "supplier", "workspace"]
    autocomplete_fields = ["supplier", "product"]
    # The workspace is always the supplier's.
    exclude = ["workspace"]


@admin.register(InventoryLot)
class InventoryLotAdmin(admin.ModelAdmin):
    list_display = [
        "lot_number",
        "product",
        "variant",
        "location",
        "quantity",
        "quantity_received",
        "expires_on",
        "workspace",
    ]
    list_filter = ["location", "expires_on", "workspace"]
    search_fields = ["lot_number", "location", "product__sku", "product__name"]
    list_select_related = ["product", "variant", "workspace"]
    date_hierarchy = "received_on"
    fields = [
        "workspace",
        "lot_number",
        "product",
        "variant",
        "location",
        "quantity",
        "quantity_received",
        "received_on",
        "expires_on",
        "supplier",
        "notes",
    ]
    readonly_fields = [
        "workspace",
        "lot_number",
        "product",
        "variant",
        "location",
        "quantity",
        "quantity_received",
    ]
    autocomplete_fields = ["supplier"]

    def has_add_permission(self, request) -> bool:
        # A lot is received through the API so its first stock is a recorded movement.
        return False


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "kind",
        "lot_number",
        "product",
        "location",
        "quantity",
        "balance",
        "reference",
        "created_by",
        "source",
        "workspace",
    ]
    list_filter = ["kind", "source", "location", "workspace"]
    search_fields = ["lot_number", "location", "reference", "product__sku", "product__name"]
    list_select_related = ["product", "created_by", "workspace"]
    date_hierarchy = "created_at"


@admin.register(PriceChange)
class PriceChangeAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "sku",
        "old_price",
        "old_currency",
        "new_price",
        "currency",
        "changed_by",
        "changed_by_api_key",
        "source",
        "workspace",
    ]
    list_filter = ["source", "currency", "workspace"]
    search_fields = ["sku", "product__name", "changed_by__username"]
    list_select_related = ["changed_by", "changed_by_api_key", "workspace"]
    date_hierarchy = "created_at"
