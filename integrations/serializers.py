"""Request and response bodies of the integrations endpoints."""

from rest_framework import serializers

from accounts.models import ApiKey
from simplycrm.api.serializers import WorkspaceModelSerializer


class ApiKeySerializer(WorkspaceModelSerializer):
    permissions = serializers.ListField(
        source="scopes",
        child=serializers.CharField(max_length=40),
        allow_empty=False,
        help_text="Scopes: `<module>.read` or `<module>.write` for catalog, sales, analytics, "
        "automation, integrations or assistant.",
    )
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)
    is_active = serializers.SerializerMethodField()

    class Meta:
        model = ApiKey
        fields = [
            "id",
            "name",
            "prefix",
            "permissions",
            "is_active",
            "created_by",
            "created_at",
            "updated_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
        ]
        read_only_fields = ["prefix", "created_at", "updated_at", "last_used_at", "revoked_at"]
        extra_kwargs = {"name": {"required": True, "allow_blank": False}}

    def get_is_active(self, api_key: ApiKey) -> bool:
        return not api_key.is_revoked and not api_key.is_expired


class ApiKeySecretSerializer(ApiKeySerializer):
    key = serializers.CharField(
        read_only=True, help_text="The secret; returned once, store it securely."
    )

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]
