"""Request and response bodies of the auth endpoints."""

from rest_framework import serializers

from simplycrm.api.serializers import StrictSerializer

from .models import Membership, PersonalToken, Workspace


class TokenObtainSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=256, trim_whitespace=False, style={"input_type": "password"}
    )
    workspace = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=80,
        help_text="Id or slug of the workspace to act in; defaults to the user's first one.",
    )
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=120, help_text="A label for the token."
    )


class WorkspaceSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Workspace
        fields = ["id", "name", "slug", "plan"]


class MembershipSummarySerializer(serializers.ModelSerializer):
    workspace = WorkspaceSummarySerializer()

    class Meta:
        model = Membership
        fields = ["workspace", "role"]


class CredentialSummarySerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    prefix = serializers.CharField()
    scopes = serializers.ListField(child=serializers.CharField(), allow_null=True)
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)


class ProfileSerializer(serializers.Serializer):
    """Who is calling, in which workspace, and what that workspace and role may do."""

    id = serializers.IntegerField(allow_null=True, help_text="The user's id; null for API keys.")
    username = serializers.CharField()
    email = serializers.CharField(allow_blank=True)
    first_name = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField(allow_blank=True)
    workspace = WorkspaceSummarySerializer()
    role = serializers.CharField(allow_null=True)
    permissions = serializers.ListField(child=serializers.CharField())
    feature_flags = serializers.ListField(child=serializers.CharField())
    api_quota_per_minute = serializers.IntegerField()
    credential = CredentialSummarySerializer()
    memberships = MembershipSummarySerializer(many=True)

    @staticmethod
    def for_credential(credential, memberships) -> dict:
        person = getattr(credential, "membership", None)
        user = person.user if person else None
        workspace = credential.workspace
        return {
            "id": user.pk if user else None,
            "username": user.username if user else f"api-key:{credential.prefix}",
            "email": user.email if user else "",
            "first_name": user.first_name if user else "",
            "last_name": user.last_name if user else "",
            "workspace": workspace,
            "role": credential.role,
            "permissions": sorted(credential.permissions),
            "feature_flags": sorted(workspace.feature_flags),
            "api_quota_per_minute": workspace.api_quota,
            "credential": credential,
            "memberships": memberships,
        }


class TokenResponseSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="The token; shown once, store it securely.")
    token_type = serializers.CharField(default="Token")
    expires_at = serializers.DateTimeField()
    profile = ProfileSerializer()


class PersonalTokenSerializer(serializers.ModelSerializer):
    """A personal token as its owner sees it: never the secret, which only login returns."""

    workspace = WorkspaceSummarySerializer(source="membership.workspace", read_only=True)
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = PersonalToken
        fields = [
            "id",
            "name",
            "prefix",
            "workspace",
            "is_current",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
        ]
        read_only_fields = fields

    def get_is_current(self, token: PersonalToken) -> bool:
        return token.pk == getattr(self.context.get("credential"), "pk", None) and isinstance(
            self.context.get("credential"), PersonalToken
        )
