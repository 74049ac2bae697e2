"""Request and response bodies of the integrations endpoints."""

import json

from django.conf import settings
from rest_framework import serializers

from accounts.models import ApiKey
from simplycrm.api.serializers import StrictSerializer, WorkspaceModelSerializer

from .events import EVENT_TYPES
from .http import UnsafeTarget, check_url_shape
from .models import (
    ImportJob,
    IntegrationConnection,
    IntegrationLog,
    WebhookDelivery,
    WebhookSubscription,
)
from .services import connections, webhooks


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


class WebhookSubscriptionSerializer(WorkspaceModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(EVENT_TYPES)),
        required=False,
        help_text="Event type names to receive; empty or omitted means every type.",
    )
    url = serializers.URLField(max_length=2000, help_text="An http(s) URL on a public address.")

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "events",
            "description",
            "is_active",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]

    def validate_url(self, value: str) -> str:
        return webhooks.validate_target(value)

    def validate_events(self, value: list[str]) -> list[str]:
        return webhooks.validate_event_types(value)


class WebhookSubscriptionSecretSerializer(WebhookSubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="The signing secret; returned once, store it securely."
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]


class RotateSecretSerializer(StrictSerializer):
    grace_period = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=settings.WEBHOOK_MAX_GRACE_PERIOD_SECONDS,
        default=settings.WEBHOOK_DEFAULT_GRACE_PERIOD_SECONDS,
        help_text="Seconds during which deliveries are signed with the old secret as well.",
    )


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event_id = serializers.UUIDField(source="event.id", read_only=True)
    event_type = serializers.CharField(source="event.type", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "subscription",
            "event_id",
            "event_type",
            "status",
            "attempts",
            "next_attempt_at",
            "last_response_code",
            "last_error",
            "delivered_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class IntegrationConnectionSerializer(WorkspaceModelSerializer):
    credentials = serializers.DictField(
        write_only=True,
        required=False,
        help_text="Secrets of the connection (e.g. `bot_token` for Slack, `access_token` for "
        "HubSpot); stored encrypted and never returned.",
    )
    has_credentials = serializers.SerializerMethodField()

    class Meta:
        model = IntegrationConnection
        fields = [
            "id",
            "kind",
            "name",
            "status",
            "settings",
            "credentials",
            "has_credentials",
            "last_tested_at",
            "last_error",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "last_tested_at", "last_error", "created_at", "updated_at"]

    def get_has_credentials(self, connection: IntegrationConnection) -> bool:
        return bool(connection.credentials)

    def validate_settings(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError("Give a JSON object.")
        base = value.get("api_base_url")
        if base is not None:
            try:
                check_url_shape(str(base))
            except UnsafeTarget as exc:
                raise serializers.ValidationError(f"api_base_url: {exc}") from exc
        return value

    def validate(self, attrs):
        kind = attrs.get("kind") or getattr(self.instance, "kind", None)
        if self.instance is not None and "kind" in attrs and attrs["kind"] != self.instance.kind:
            raise serializers.ValidationError({"kind": ["The kind of a connection is fixed."]})
        if "credentials" in attrs:
            attrs["credentials"] = connections.validate_credentials(kind, attrs["credentials"])
        elif self.instance is None:
            raise serializers.ValidationError({"credentials": ["This field is required."]})
        return attrs


class ImportJobSerializer(WorkspaceModelSerializer):
    file = serializers.FileField(write_only=True, help_text="A CSV (UTF-8) or XLSX file.")
    mapping = serializers.JSONField(help_text="JSON object: column header -> target field.")
    match_on = serializers.CharField(required=False, allow_blank=True, default="")
    dry_run = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "file",
            "original_name",
            "file_format",
            "target",
            "mapping",
            "match_on",
            "dry_run",
            "status",
            "total_rows",
            "processed_rows",
            "created_count",
            "updated_count",
            "error_count",
            "errors",
            "failure_reason",
            "started_at",
            "finished_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "original_name",
            "file_format",
            "status",
            "total_rows",
            "processed_rows",
            "created_count",
            "updated_count",
            "error_count",
            "errors",
            "failure_reason",
            "started_at",
            "finished_at",
            "created_at",
            "updated_at",
        ]

    def validate_mapping(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise serializers.ValidationError("Not valid JSON.") from exc
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise serializers.ValidationError("Give a JSON object of column -> field strings.")
        return value


class IntegrationLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = IntegrationLog
        fields = [
            "id",
            "kind",
            "status",
            "subscription",
            "delivery",
            "connection",
            "import_job",
            "target",
            "request_payload",
            "response_code",
            "response_excerpt",
            "error",
            "duration_ms",
            "created_at",
        ]
        read_only_fields = fields


class EventTypeSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="The stable name, e.g. `deal.won`.")
    version = serializers.IntegerField(help_text="The payload version deliveries carry.")
    description = serializers.CharField()
