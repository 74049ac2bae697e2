from django.contrib import admin

from .models import (
    DomainEvent,
    ImportJob,
    IntegrationConnection,
    IntegrationLog,
    WebhookDelivery,
    WebhookSubscription,
)
from .services import webhooks


@admin.register(DomainEvent)
class DomainEventAdmin(admin.ModelAdmin):
    list_display = ["id", "type", "workspace", "created_at", "dispatched_at"]
    list_filter = ["type", "workspace__plan"]
    search_fields = ["id", "type", "workspace__name"]
    list_select_related = ["workspace"]
    readonly_fields = ["id", "workspace", "type", "version", "data", "created_at", "dispatched_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "workspace",
        "is_active",
        "consecutive_failures",
        "disabled_at",
        "created_at",
    ]
    list_filter = ["is_active", "workspace__plan"]
    search_fields = ["url", "description", "workspace__name"]
    list_select_related = ["workspace"]
    readonly_fields = [
        "consecutive_failures",
        "disabled_at",
        "disabled_reason",
        "previous_secret_expires_at",
    ]
    exclude = ["secret", "previous_secret"]

    def has_add_permission(self, request) -> bool:
        return False  # created through the API, which shows the secret once


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "subscription",
        "event",
        "status",
        "attempts",
        "last_response_code",
        "next_attempt_at",
    ]
    list_filter = ["status"]
    search_fields = ["subscription__url", "event__type"]
    list_select_related = ["subscription", "event"]
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    actions = ["replay"]

    @admin.action(description="Replay the selected deliveries")
    def replay(self, request, queryset):
        for delivery in queryset:
            webhooks.delivery_replay(delivery=delivery)
        self.message_user(request, f"Queued {queryset.count()} deliveries again.")


@admin.register(IntegrationConnection)
class IntegrationConnectionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "workspace", "status", "last_tested_at"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "workspace__name"]
    list_select_related = ["workspace"]
    exclude = ["credentials"]
    readonly_fields = ["last_tested_at", "last_error"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "target",
        "workspace",
        "status",
        "dry_run",
        "processed_rows",
        "total_rows",
        "error_count",
        "created_at",
    ]
    list_filter = ["status", "target", "dry_run"]
    search_fields = ["original_name", "workspace__name"]
    list_select_related = ["workspace"]
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(IntegrationLog)
class IntegrationLogAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "status",
        "workspace",
        "target",
        "response_code",
        "duration_ms",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["target", "error", "workspace__name"]
    list_select_related = ["workspace"]
    readonly_fields = [field.name for field in IntegrationLog._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
