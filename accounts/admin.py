from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import ApiKey, FeatureOverride, Membership, PersonalToken, User, Workspace


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class FeatureOverrideInline(admin.TabularInline):
    model = FeatureOverride
    extra = 0
    fields = ["flag", "enabled", "reason"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    inlines = [MembershipInline]


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "plan", "api_quota_per_minute", "created_at"]
    list_filter = ["plan"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FeatureOverrideInline, MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "plan"]}),
        ("Custom quota", {"fields": ["api_quota_per_minute"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "workspace", "role", "created_at"]
    list_filter = ["role", "workspace__plan"]
    search_fields = ["user__username", "user__email", "workspace__name"]
    autocomplete_fields = ["user", "workspace"]
    list_select_related = ["user", "workspace"]


class CredentialAdmin(admin.ModelAdmin):
    """Credentials are issued through the API (the secret is shown once); staff may revoke."""

    readonly_fields = ["prefix", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Revoke the selected credentials")
    def revoke(self, request, queryset):
        from django.utils import timezone

        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} credential(s).")


@admin.register(PersonalToken)
class PersonalTokenAdmin(CredentialAdmin):
    list_display = [
        "prefix",
        "name",
        "membership",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["membership__workspace__plan", "revoked_at"]
    search_fields = ["prefix", "name", "membership__user__username", "membership__workspace__name"]
    list_select_related = ["membership__user", "membership__workspace"]
    fields = [
        "prefix",
        "name",
        "membership",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = [*CredentialAdmin.readonly_fields, "membership"]


@admin.register(ApiKey)
class ApiKeyAdmin(CredentialAdmin):
    list_display = [
        "prefix",
        "name",
        "workspace",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["workspace__plan", "revoked_at"]
    search_fields = ["prefix", "name", "workspace__name"]
    list_select_related = ["workspace"]
    fields = [
        "prefix",
        "name",
        "workspace",
        "scopes",
        "created_by",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    readonly_fields = [*CredentialAdmin.readonly_fields, "workspace", "created_by"]
