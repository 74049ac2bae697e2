"""The bases every API view and viewset inherits: throttling first, RateLimit headers, tenancy.

A module's viewset names its `resource` ("<module>.<route>", a key of
`accounts.plans.OPERATIONS`) and inherits from `WorkspaceModelViewSet` or
`WorkspaceReadOnlyViewSet`: the queryset is then always filtered by the credential's workspace,
created rows take their workspace from the credential, and each action is checked against the
plan table, the key scopes and the role permissions before it runs.
"""

from rest_framework import exceptions, mixins, viewsets
from rest_framework.views import APIView

from accounts.permissions import WorkspaceOperationPermission


class ApiViewMixin:
    """Throttle before the permission checks, and also when the credential is refused."""

    def initial(self, request, *args, **kwargs):
        self.format_kwarg = self.get_format_suffix(**kwargs)
        request.accepted_renderer, request.accepted_media_type = self.perform_content_negotiation(
            request
        )
        request.version, request.versioning_scheme = self.determine_version(
            request, *args, **kwargs
        )
        try:
            self.perform_authentication(request)
        except exceptions.APIException:
            # A refused credential still spends its IP's anonymous quota: no free guessing.
            self.check_throttles(request)
            raise
        self.check_throttles(request)
        self.check_permissions(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        usage = getattr(request._request, "rate_usage", None)
        if usage is not None:
            response["RateLimit-Limit"] = str(usage.limit)
            response["RateLimit-Remaining"] = str(usage.remaining)
            response["RateLimit-Reset"] = str(usage.reset_seconds)
            response["RateLimit-Policy"] = f"{usage.limit};w=60"
        return response


class ApiView(ApiViewMixin, APIView):
    """A plain endpoint outside the workspace resources (auth, profile, health)."""

    # Not gated by any plan; the schema says so on each of its operations.
    available_on_every_plan = True


class WorkspaceViewSetMixin(ApiViewMixin):
    # "<module>.<route>": the key of this viewset's operations in accounts.plans.OPERATIONS.
    resource: str = ""
    permission_classes = [WorkspaceOperationPermission]

    @property
    def workspace(self):
        return self.request.auth.workspace

    @property
    def acting_user(self):
        """The member making the request; None when a workspace key makes it."""
        return self.request.user if self.request.user.pk else None

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):  # schema generation has no credential
            return queryset.none()
        return queryset.filter(workspace=self.workspace)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request is not None and self.request.auth is not None:
            context["workspace"] = self.workspace
        return context

    def perform_create(self, serializer):
        serializer.save(workspace=self.workspace)


class WorkspaceModelViewSet(WorkspaceViewSetMixin, viewsets.ModelViewSet):
    """Create, read, update and delete the rows of the caller's workspace."""

    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]


class WorkspaceReadOnlyViewSet(WorkspaceViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Read the rows of the caller's workspace."""


class WorkspaceCreateReadDeleteViewSet(
    WorkspaceViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Like `WorkspaceModelViewSet` without PUT: for resources changed only in part."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
