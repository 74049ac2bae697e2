"""Staff views of the sales records, across workspaces."""

from django.contrib import admin
from django.db import models as db

from .models import (
    Attachment,
    Company,
    Contact,
    DealActivity,
    Invoice,
    Note,
    NumberSequence,
    Opportunity,
    Order,
    OrderLine,
    Pipeline,
    Stage,
    StageChange,
    Tag,
)


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["position", "name", "probability", "kind"]
    ordering = ["position"]


class StageChangeInline(admin.TabularInline):
    """A deal's stage history, oldest first; it is a record, so nothing here is editable."""

    model = StageChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "from_stage_name", "to_stage_name", "status", "amount", "changed_by"]
    readonly_fields = fields
    ordering = ["changed_at", "id"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "created_at"]
    list_filter = ["workspace"]
    search_fields = ["name"]
    list_select_related = ["workspace"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "industry", "size", "country", "owner", "workspace"]
    list_filter = ["size", "workspace__plan", "workspace"]
    search_fields = ["name", "domain", "phone"]
    list_select_related = ["owner", "workspace"]
    autocomplete_fields = ["owner", "tags"]
    raw_id_fields = ["workspace"]
    formfield_overrides = {db.URLField: {"assume_scheme": "https"}}


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "phone", "company", "lifecycle_stage", "workspace"]
    list_filter = ["lifecycle_stage", "workspace__plan", "workspace"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    list_select_related = ["company", "workspace"]
    autocomplete_fields = ["owner", "company", "companies", "tags"]
    raw_id_fields = ["workspace"]


@admin.register(Pipeline)
class PipelineAdmin(admin.ModelAdmin):
    list_display = ["name", "workspace", "is_default", "created_at"]
    list_filter = ["is_default", "workspace"]
    search_fields = ["name", "workspace__name"]
    list_select_related = ["workspace"]
    raw_id_fields = ["workspace"]
    inlines = [StageInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "pipeline", "position", "probability", "kind", "workspace"]
    list_filter = ["kind", "workspace"]
    search_fields = ["name", "pipeline__name"]
    list_select_related = ["pipeline", "workspace"]
    raw_id_fields = ["workspace", "pipeline"]


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "stage",
        "status",
        "amount",
        "currency",
        "expected_close_date",
        "owner",
        "workspace",
    ]
    list_filter = ["status", "source", "currency", "workspace__plan", "workspace"]
    search_fields = ["name", "company__name"]
    list_select_related = ["stage__pipeline", "owner", "workspace"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["owner", "company", "contacts", "tags"]
    raw_id_fields = ["workspace"]
    # The stage and its dates change only through the move service, which keeps the history.
    readonly_fields = ["pipeline", "stage", "status", "stage_entered_at", "won_at", "lost_at"]
    inlines = [StageChangeInline]

    def has_add_permission(self, request) -> bool:
        # Deals are created through the API, so that their history starts with them.
        return False


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = [
        "opportunity",
        "from_stage_name",
        "to_stage_name",
        "status",
        "changed_at",
        "changed_by",
    ]
    list_filter = ["status", "workspace"]
    search_fields = ["opportunity__name", "to_stage_name"]
    list_select_related = ["opportunity", "changed_by"]
    raw_id_fields = ["workspace", "opportunity", "from_stage", "to_stage"]
    readonly_fields = ["changed_by", "changed_by_api_key"]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "opportunity", "contact", "company", "author", "created_at"]
    list_filter = ["pinned", "workspace"]
    search_fields = ["body"]
    list_select_related = ["opportunity", "contact", "company", "author"]
    raw_id_fields = ["workspace", "opportunity", "contact", "company"]
    readonly_fields = ["author", "author_api_key"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "content_type", "size", "opportunity", "contact", "company"]
    list_filter = ["content_type", "workspace"]
    search_fields = ["name", "description", "sha256"]
    list_select_related = ["opportunity", "contact", "company"]
    raw_id_fields = ["workspace", "opportunity", "contact", "company"]
    readonly_fields = [
        "file",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_by_api_key",
    ]

    def has_add_permission(self, request) -> bool:
        # Uploads go through the API, which checks their size and type.
        return False


@admin.register(DealActivity)
class DealActivityAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "opportunity",
        "kind",
        "channel",
        "direction",
        "outcome",
        "occurred_at",
    ]
    list_filter = ["kind", "channel", "direction", "outcome", "workspace"]
    search_fields = ["subject", "body", "opportunity__name", "external_id"]
    list_select_related = ["opportunity"]
    date_hierarchy = "occurred_at"
    autocomplete_fields = ["contacts", "users"]
    raw_id_fields = ["workspace", "opportunity"]
    readonly_fields = ["logged_by", "logged_by_api_key"]


class OrderLineInline(admin.TabularInline):
    """An order's lines; their prices and amounts are frozen, so only fulfilment is shown."""

    model = OrderLine
    extra = 0
    can_delete = False
    fields = [
        "position",
        "sku",
        "description",
        "quantity",
        "unit_price",
        "discount_percent",
        "tax_rate",
        "total",
        "shipped_quantity",
        "delivered_quantity",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class InvoiceInline(admin.TabularInline):
    model = Invoice
    extra = 0
    can_delete = False
    fields = ["number", "status", "total", "issue_date", "due_date", "paid_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Orders change through the API's actions (confirm, cancel, fulfil), which keep stock and
    totals right; here they are read, and their notes edited.
    """

    list_display = ["number", "company", "status", "total", "currency", "created_at", "workspace"]
    list_filter = ["status", "currency", "workspace__plan", "workspace"]
    search_fields = ["number", "company__name", "notes"]
    list_select_related = ["company", "workspace"]
    date_hierarchy = "created_at"
    fields = [
        "number",
        "workspace",
        "company",
        "contact",
        "opportunity",
        "status",
        "currency",
        "subtotal",
        "discount_total",
        "tax_total",
        "total",
        "confirmed_at",
        "fulfilled_at",
        "cancelled_at",
        "cancel_reason",
        "shipping_address",
        "notes",
    ]
    readonly_fields = [name for name in fields if name not in ("shipping_address", "notes")]
    inlines = [OrderLineInline, InvoiceInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(OrderLine)
class OrderLineAdmin(admin.ModelAdmin):
    list_display = ["order", "sku", "description", "quantity", "unit_price", "total"]
    list_filter = ["workspace"]
    search_fields = ["sku", "description", "order__number"]
    list_select_related = ["order"]
    readonly_fields = [field.name for field in OrderLine._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Read-only: numbers come from the issue action, which keeps the sequence unbroken."""

    list_display = ["__str__", "order", "status", "total", "issue_date", "due_date", "workspace"]
    list_filter = ["status", "workspace__plan", "workspace"]
    search_fields = ["number", "order__number", "order__company__name"]
    list_select_related = ["order", "workspace"]
    date_hierarchy = "issue_date"
    readonly_fields = [field.name for field in Invoice._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["workspace", "name", "last_value", "updated_at"]
    list_filter = ["name"]
    search_fields = ["workspace__name"]
    list_select_related = ["workspace"]
    readonly_fields = ["workspace", "name", "last_value"]

    def has_add_permission(self, request) -> bool:
        return False
