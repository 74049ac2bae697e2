"""Integrations endpoints."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import ApiKey
from accounts.services import api_key_create, api_key_rotate, credential_revoke, validate_scopes
from simplycrm.api.parsers import BoundedJSONParser
from simplycrm.api.views import (
    WorkspaceCreateReadDeleteViewSet,
    WorkspaceReadOnlyViewSet,
    WorkspaceViewSetMixin,
)

from .events import EVENT_TYPES
from .filters import (
    ApiKeyFilterSet,
    ImportJobFilterSet,
    IntegrationConnectionFilterSet,
    IntegrationLogFilterSet,
    WebhookDeliveryFilterSet,
    WebhookSubscriptionFilterSet,
)
from .models import (
    ImportJob,
    IntegrationConnection,
    IntegrationLog,
    WebhookDelivery,
    WebhookSubscription,
)
from .serializers import (
    ApiKeySecretSerializer,
    ApiKeySerializer,
    EventTypeSerializer,
    ImportJobSerializer,
    IntegrationConnectionSerializer,
    IntegrationLogSerializer,
    RotateSecretSerializer,
    WebhookDeliverySerializer,
    WebhookSubscriptionSecretSerializer,
    WebhookSubscriptionSerializer,
)
from .services import connections, imports, webhooks


class ApiKeyViewSet(WorkspaceCreateReadDeleteViewSet):
    """Workspace API keys: long-lived credentials confined to scopes.

    The secret is in the response of create and rotate only. Deleting a key revokes it: it
    stops working at once and stays listed, with `revoked_at`, for the audit trail.
    """

    resource = "integrations.api-keys"
    queryset = ApiKey.objects.select_related("created_by")
    serializer_class = ApiKeySerializer
    filterset_class = ApiKeyFilterSet
    search_fields = ["name", "prefix"]
    ordering_fields = ["created_at", "last_used_at", "name"]

    @extend_schema(responses={201: ApiKeySecretSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        api_key, secret = api_key_create(
            workspace=self.workspace,
            name=data["name"],
            scopes=data["scopes"],
            created_by=self.acting_user,
            expires_at=data.get("expires_at"),
        )

        body = ApiKeySecretSerializer(api_key, context=self.get_serializer_context()).data
        return Response({**body, "key": secret}, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        if "scopes" in serializer.validated_data:
            serializer.validated_data["scopes"] = validate_scopes(
                serializer.validated_data["scopes"]
            )
        serializer.save()

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        credential_revoke(credential=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: ApiKeySecretSerializer})
    @action(detail=True, methods=["post"])
    def rotate(self, request, *args, **kwargs):
        """Issue a new secret for the key; the old secret stops working at once."""
        api_key = self.get_object()
        secret = api_key_rotate(api_key=api_key)
        body = ApiKeySecretSerializer(api_key, context=self.get_serializer_context()).data
        return Response({**body, "key": secret})


class WebhookSubscriptionViewSet(WorkspaceCreateReadDeleteViewSet):
    """Endpoints that receive the workspace's events, signed with a shared secret."""

    resource = "integrations.webhook-subscriptions"
    queryset = WebhookSubscription.objects.all()
    serializer_class = WebhookSubscriptionSerializer
    filterset_class = WebhookSubscriptionFilterSet
    search_fields = ["url", "description"]
    ordering_fields = ["created_at", "updated_at"]

    @extend_schema(responses={201: WebhookSubscriptionSecretSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        subscription, secret = webhooks.subscription_create(
            workspace=self.workspace,
            url=data["url"],
            events=data.get("events", []),
            description=data.get("description", ""),
            created_by=self.acting_user,
        )

        body = WebhookSubscriptionSecretSerializer(
            subscription, context=self.get_serializer_context()
        ).data
        return Response({**body, "secret": secret}, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        reactivating = (
            serializer.validated_data.get("is_active") and not serializer.instance.is_active
        )
        subscription = serializer.save()
        if reactivating:
            webhooks.subscription_enable(subscription=subscription)

    @extend_schema(
        request=RotateSecretSerializer, responses={200: WebhookSubscriptionSecretSerializer}
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, *args, **kwargs):
        """Issue a new secret; the old one keeps signing deliveries for `grace_period` seconds."""
        subscription = self.get_object()
        serializer = RotateSecretSerializer(data=request.data or {})
        serializer.is_valid(raise_exception=True)

        secret = webhooks.subscription_rotate_secret(
            subscription=subscription, grace_period=serializer.validated_data["grace_period"]
        )

        body = WebhookSubscriptionSecretSerializer(
            subscription, context=self.get_serializer_context()
        ).data
        return Response({**body, "secret": secret})

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def test(self, request, *args, **kwargs):
        """Send a sample `webhook.test` event to this subscription."""
        delivery = webhooks.subscription_send_test(subscription=self.get_object())
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class EventTypeViewSet(WorkspaceViewSetMixin, viewsets.ViewSet):
    """Every domain event type a subscription can ask for, with its payload version.

    Each delivery's body is `{"id", "type", "version", "created_at", "workspace_id", "data"}`;
    `data.object` holds the record's columns and updates add `data.changed_fields`.
    """

    resource = "integrations.event-types"

    @extend_schema(responses={200: EventTypeSerializer(many=True)})
    def list(self, request, *args, **kwargs):
        rows = [
            {"type": event.name, "version": event.version, "description": event.description}
            for event in sorted(EVENT_TYPES.values(), key=lambda event: event.name)
        ]
        return Response(EventTypeSerializer(rows, many=True).data)


class WebhookDeliveryViewSet(WorkspaceReadOnlyViewSet):
    """Each event sent to each subscription, with its attempts in the integration logs."""

    resource = "integrations.webhook-deliveries"
    queryset = WebhookDelivery.objects.select_related("event")
    serializer_class = WebhookDeliverySerializer
    filterset_class = WebhookDeliveryFilterSet
    ordering_fields = ["created_at", "next_attempt_at"]

    @extend_schema(request=None, responses={202: WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def replay(self, request, *args, **kwargs):
        """Send the delivery again from scratch, whatever happened to it so far."""
        delivery = webhooks.delivery_replay(delivery=self.get_object())
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class IntegrationConnectionViewSet(WorkspaceCreateReadDeleteViewSet):
    """Linked third-party accounts; credentials go in, never out."""

    resource = "integrations.integration-connections"
    queryset = IntegrationConnection.objects.all()
    serializer_class = IntegrationConnectionSerializer
    filterset_class = IntegrationConnectionFilterSet
    search_fields = ["name"]
    ordering_fields = ["created_at", "name"]

    @extend_schema(request=None, responses={200: IntegrationLogSerializer})
    @action(detail=True, methods=["post"])
    def test(self, request, *args, **kwargs):
        """Call the service with the stored credentials and record the outcome."""
        log = connections.connection_test(connection=self.get_object())
        return Response(IntegrationLogSerializer(log).data)

    @extend_schema(request=None, responses={200: IntegrationConnectionSerializer})
    @action(detail=True, methods=["post"])
    def disable(self, request, *args, **kwargs):
        connection = self.get_object()
        connections.connection_disable(connection=connection)
        return Response(self.get_serializer(connection).data)

    @extend_schema(request=None, responses={200: IntegrationConnectionSerializer})
    @action(detail=True, methods=["post"])
    def enable(self, request, *args, **kwargs):
        connection = self.get_object()
        connections.connection_enable(connection=connection)
        return Response(self.get_serializer(connection).data)


class ImportJobViewSet(
    WorkspaceViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """CSV or XLSX imports that run in the background; poll a job for its progress."""

    resource = "integrations.import-jobs"
    queryset = ImportJob.objects.all()
    serializer_class = ImportJobSerializer
    filterset_class = ImportJobFilterSet
    ordering_fields = ["created_at"]
    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        job = imports.import_job_create(
            workspace=self.workspace,
            upload=data["file"],
            target=data["target"],
            mapping=data["mapping"],
            match_on=data.get("match_on", ""),
            dry_run=data.get("dry_run", False),
            created_by=self.acting_user,
        )

        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)


class IntegrationLogViewSet(WorkspaceReadOnlyViewSet):
    """The audit trail of webhook deliveries, imports and connector calls."""

    resource = "integrations.integration-logs"
    queryset = IntegrationLog.objects.all()
    serializer_class = IntegrationLogSerializer
    filterset_class = IntegrationLogFilterSet
    ordering_fields = ["created_at"]
