"""OpenAPI generation: each operation states its plan, flag, key scope and role permission."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from accounts.plans import FEATURES, operation_for, scope_for


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="Stable, machine-readable error code.")
    message = serializers.CharField(help_text="What went wrong, for people.")
    request_id = serializers.CharField(help_text="Also in the X-Request-ID header and the log.")
    details = serializers.DictField(
        help_text="Context to act on: invalid fields (400), the missing flag, scope or "
        "permission (403), the seconds to wait (429)."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


_ERROR_STATUSES = {
    "400": "Invalid input; `details` maps each invalid field to its messages.",
    "401": "Missing, invalid, expired or revoked credential.",
    "403": "The workspace's plan lacks the feature flag, the key lacks the scope, or the role "
    "lacks the permission.",
    "404": "Not found in the caller's workspace.",
    "429": "Rate limit reached; retry after `Retry-After` seconds.",
}


class SimplyCRMAutoSchema(AutoSchema):
    def _module_of_path(self) -> str | None:
        resource = getattr(self.view, "resource", "")
        return resource.split(".", 1)[0] if resource else None

    def _is_aggregated_path(self) -> bool:
        module = self._module_of_path()
        return bool(module) and not self.path.startswith(f"/api/{module}/")

    def is_deprecated(self):
        return self._is_aggregated_path() or super().is_deprecated()

    def get_operation_id(self):
        operation_id = super().get_operation_id()
        return f"legacy_{operation_id}" if self._is_aggregated_path() else operation_id

    def get_tags(self):
        module = self._module_of_path()
        return [module] if module else super().get_tags()

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None

        resource = getattr(self.view, "resource", "")
        requirement = (
            operation_for(resource, getattr(self.view, "action", None)) if resource else None
        )
        if requirement is not None:
            plan = FEATURES[requirement.flag].plan
            scope = scope_for(resource.split(".", 1)[0], method.upper())
            operation["x-plan"] = plan.value
            operation["x-feature-flag"] = requirement.flag
            operation["x-key-scope"] = scope
            lines = [
                f"**Plan:** {plan.label} and above (feature flag `{requirement.flag}`).",
                f"**API key scope:** `{scope}`.",
            ]
            if requirement.permission:
                operation["x-role-permission"] = requirement.permission
                lines.append(f"**Role permission:** `{requirement.permission}`.")
            operation["description"] = "\n\n".join(
                [*lines, operation.get("description", "")]
            ).strip()

        elif getattr(self.view, "available_on_every_plan", False):
            operation["x-plan"] = "free"
            operation["description"] = "\n\n".join(
                ["**Plan:** every plan.", operation.get("description", "")]
            ).strip()

        error_ref = self.resolve_serializer(ErrorSerializer, "response").ref
        responses = operation.setdefault("responses", {})
        for status_code, description in _ERROR_STATUSES.items():
            responses.setdefault(
                status_code,
                {
                    "description": description,
                    "content": {"application/json": {"schema": error_ref}},
                },
            )
        return operation
