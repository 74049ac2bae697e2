"""Sign-in, token revocation, the caller's profile and the health check."""

from django.core.cache import cache
from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from simplycrm.api.views import ApiView, ApiViewMixin

from .models import Membership, PersonalToken
from .permissions import IsPersonalToken
from .serializers import (
    PersonalTokenSerializer,
    ProfileSerializer,
    TokenObtainSerializer,
    TokenResponseSerializer,
)
from .services import credential_revoke, membership_for_login, token_issue
from .throttling import LoginThrottle, PlanQuotaThrottle


def _profile(credential) -> dict:
    person = getattr(credential, "membership", None)
    memberships = (
        Membership.objects.filter(user_id=person.user_id).select_related("workspace").order_by("id")
        if person
        else []
    )
    return ProfileSerializer(ProfileSerializer.for_credential(credential, memberships)).data


class TokenObtainView(ApiView):
    """Exchange a username and password for a personal token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PlanQuotaThrottle, LoginThrottle]

    @extend_schema(
        tags=["auth"],
        request=TokenObtainSerializer,
        responses={200: TokenResponseSerializer},
        auth=[],
        description="Available on every plan. Attempts are limited per client IP and per username.",
    )
    def post(self, request):
        serializer = TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        membership = membership_for_login(
            username=data["username"], password=data["password"], workspace=data.get("workspace")
        )
        token, secret = token_issue(membership=membership, name=data.get("name", ""))

        return Response(
            {
                "access": secret,
                "token_type": "Token",
                "expires_at": token.expires_at,
                "profile": _profile(token),
            }
        )


class TokenRevokeView(ApiView):
    """Revoke the credential that makes this request; it gets 401 from then on."""

    @extend_schema(tags=["auth"], request=None, responses={204: None})
    def post(self, request):
        credential_revoke(credential=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProfileView(ApiView):
    """The caller, the workspace the credential acts in, its flags and permissions."""

    @extend_schema(tags=["auth"], responses={200: ProfileSerializer})
    def get(self, request):
        return Response(_profile(request.auth))


class PersonalTokenViewSet(ApiViewMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's own personal tokens, in every workspace; DELETE revokes one.

    Only a personal token may call these: a workspace key has no user whose tokens it could list.
    """

    serializer_class = PersonalTokenSerializer
    available_on_every_plan = True
    permission_classes = [IsPersonalToken]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PersonalToken.objects.none()
        return PersonalToken.objects.filter(membership__user=self.request.user).select_related(
            "membership__workspace"
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "credential": self.request.auth}

    @extend_schema(tags=["auth"], responses={204: None})
    def destroy(self, request, *args, **kwargs):
        credential_revoke(credential=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class HealthView(ApiView):
    """Whether the database and the cache answer; 503 when either does not."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(tags=["health"], responses={200: dict, 503: dict}, auth=[])
    def get(self, request):
        checks = {"database": _check_database(), "cache": _check_cache()}
        healthy = all(result == "ok" for result in checks.values())
        body = {"status": "ok" if healthy else "unavailable", **checks}
        return Response(body, status=200 if healthy else 503)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # any failure means unhealthy; the reason is reported, not raised
        return f"error: {type(exc).__name__}"


def _check_cache() -> str:
    try:
        cache.set("health:probe", "1", 5)
        return "ok" if cache.get("health:probe") == "1" else "error: value not read back"
    except Exception as exc:  # any failure means unhealthy; the reason is reported, not raised
        return f"error: {type(exc).__name__}"
