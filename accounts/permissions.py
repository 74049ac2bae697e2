"""Who may call an operation: a valid credential, the workspace's plan, the key's scope, the role.

Each check fails with its own 403 code naming what is missing, in this order: the feature flag
(`feature_not_available`), a workspace key's scope (`scope_missing`), then the role permission
(`permission_missing`).
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import BasePermission

from simplycrm.api.errors import (
    FeatureNotAvailable,
    PersonalTokenRequired,
    RolePermissionMissing,
    ScopeMissing,
)

from .models import ApiKey
from .plans import FEATURES, operation_for, scope_for, scopes_allow
from .roles import PERMISSIONS


class IsAuthenticatedCredential(BasePermission):
    """Any valid personal token or workspace key; without one the answer is 401."""

    def has_permission(self, request, view) -> bool:
        return request.auth is not None


class IsPersonalToken(IsAuthenticatedCredential):
    """Only a person's own token; a workspace key is refused with 403 `personal_token_required`."""

    def has_permission(self, request, view) -> bool:
        if request.auth is None:
            return False
        if isinstance(request.auth, ApiKey):
            raise PersonalTokenRequired("Only a personal token can manage personal tokens.")
        return True


def require_flag(workspace, flag: str) -> None:
    if flag not in workspace.feature_flags:
        feature = FEATURES[flag]
        raise FeatureNotAvailable(
            f"This operation needs the `{flag}` feature, included in the "
            f"{feature.plan.label} plan and above; this workspace is on "
            f"{workspace.get_plan_display()}.",
            details={"flag": flag, "required_plan": feature.plan.value, "plan": workspace.plan},
        )


def require_scope(credential, module: str, method: str) -> None:
    if isinstance(credential, ApiKey) and not scopes_allow(credential.scopes, module, method):
        scope = scope_for(module, method)
        raise ScopeMissing(
            f"This API key lacks the `{scope}` scope.",
            details={"scope": scope, "scopes": list(credential.scopes)},
        )


def require_permission(credential, permission: str) -> None:
    if permission in credential.permissions:
        return
    if isinstance(credential, ApiKey):
        message = f"Workspace API keys cannot do this; it needs `{permission}`."
    else:
        message = (
            f"Your role ({credential.role}) lacks the `{permission}` permission: "
            f"{PERMISSIONS[permission]}"
        )
    raise RolePermissionMissing(message, details={"permission": permission})


class WorkspaceOperationPermission(IsAuthenticatedCredential):
    """Checks the operation named by the view's `resource` and action against `OPERATIONS`."""

    def has_permission(self, request, view) -> bool:
        if request.auth is None:
            return False
        operation = operation_for(view.resource, view.action)
        if operation is None:
            if view.action in (None, "metadata"):
                return True  # an unsupported method; the view answers 405
            raise ImproperlyConfigured(
                f"accounts.plans.OPERATIONS has no entry for {view.resource}.{view.action}"
            )
        credential = request.auth
        require_flag(credential.workspace, operation.flag)
        require_scope(credential, view.resource.split(".", 1)[0], request.method)
        if operation.permission:
            require_permission(credential, operation.permission)
        return True
