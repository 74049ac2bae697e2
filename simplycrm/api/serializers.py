"""Serializer bases: unknown fields are refused, and related rows must be the caller's."""

from rest_framework import serializers


class StrictFieldsMixin:
    """Refuse fields the serializer does not know, instead of silently ignoring a typo.

    Read-only fields are tolerated (and ignored) so a client can send back what it read.
    """

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        return super().to_internal_value(data)


class StrictSerializer(StrictFieldsMixin, serializers.Serializer):
    pass


class WorkspaceModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    """For workspace-scoped models: `workspace` is never read from or shown to the client."""

    @property
    def workspace(self):
        return self.context["workspace"]


class WorkspaceRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id to a row of the caller's workspace; another workspace's id is invalid."""

    def get_queryset(self):
        queryset = super().get_queryset()
        workspace = self.context.get("workspace")
        if workspace is None:
            return queryset.none()
        return queryset.filter(workspace=workspace)
