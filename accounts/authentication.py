"""`Authorization: Token <secret>` (or `Bearer <secret>`) for personal tokens and workspace keys."""

import logging

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from .models import ApiKey, PersonalToken
from .tokens import API_KEY_PREFIX, PERSONAL_TOKEN_PREFIX, hash_secret, is_well_formed

logger = logging.getLogger(__name__)

_KEYWORDS = (b"token", b"bearer")


class ApiKeyPrincipal:
    """Stands in for `request.user` when a workspace key calls: a key is not a person."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None

    def __init__(self, api_key: ApiKey):
        self.api_key = api_key
        self.username = f"api-key:{api_key.prefix}"

    def __str__(self) -> str:
        return self.username


def _fail(message: str, code: str) -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed(message, code=code)


def credential_for_secret(secret: str) -> PersonalToken | ApiKey:
    """The usable credential behind a secret, or AuthenticationFailed saying why not."""
    if is_well_formed(secret, PERSONAL_TOKEN_PREFIX):
        queryset = PersonalToken.objects.select_related("membership__user", "membership__workspace")
    elif is_well_formed(secret, API_KEY_PREFIX):
        queryset = ApiKey.objects.select_related("workspace")
    else:
        raise _fail("The token is not valid.", "invalid_token")

    credential = queryset.filter(token_hash=hash_secret(secret)).first()
    if credential is None:
        raise _fail("The token is not valid.", "invalid_token")
    if credential.is_revoked:
        raise _fail("The token has been revoked.", "token_revoked")
    if credential.is_expired:
        raise _fail("The token has expired; request a new one.", "token_expired")
    if isinstance(credential, PersonalToken) and not credential.user.is_active:
        raise _fail("The user of this token is inactive.", "user_inactive")
    return credential


def touch_last_used(credential: PersonalToken | ApiKey) -> None:
    """Record use, at most once per `TOKEN_LAST_USED_RESOLUTION`, so most requests never write."""
    now = timezone.now()
    last = credential.last_used_at
    if last is None or now - last >= settings.TOKEN_LAST_USED_RESOLUTION:
        type(credential).objects.filter(pk=credential.pk).update(last_used_at=now)
        credential.last_used_at = now


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in _KEYWORDS:
            return None
        if len(parts) != 2:
            raise _fail(
                "Malformed Authorization header: expected `Token <value>`.", "invalid_header"
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise _fail("The token is not valid.", "invalid_token") from None

        credential = credential_for_secret(secret)
        touch_last_used(credential)
        request._request.credential = credential
        user = (
            credential.user
            if isinstance(credential, PersonalToken)
            else ApiKeyPrincipal(credential)
        )
        return user, credential

    def authenticate_header(self, request) -> str:
        return 'Token realm="api"'
