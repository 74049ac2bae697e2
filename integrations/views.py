"""Integrations endpoints."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import ApiKey
from accounts.services import api_key_create, api_key_rotate, credential_revoke, validate_scopes
from simplycrm.api.views import WorkspaceCreateReadDeleteViewSet

from .filters import ApiKeyFilterSet
from .serializers import ApiKeySecretSerializer, ApiKeySerializer


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
            created_by=request.user if request.user.pk else None,
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
