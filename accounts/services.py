"""What the accounts module does: sign-in, credential life cycles and workspace set-up."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from rest_framework.exceptions import ValidationError

from simplycrm.api.errors import Conflict, InvalidCredentials

from .models import ApiKey, Membership, PersonalToken, User, Workspace
from .plans import SCOPES
from .roles import Role
from .tokens import (
    API_KEY_PREFIX,
    PERSONAL_TOKEN_PREFIX,
    display_prefix,
    generate_secret,
    hash_secret,
)

logger = logging.getLogger(__name__)


def membership_for_login(
    *, username: str, password: str, workspace: str | int | None = None
) -> Membership:
    """The membership a sign-in acts in: the named workspace, else the user's oldest one."""
    user = authenticate(username=username, password=password)
    if user is None:
        logger.info("auth.login_failed", extra={"username": username})
        raise InvalidCredentials()

    memberships = Membership.objects.select_related("workspace", "user").filter(user=user)
    if workspace not in (None, ""):
        text = str(workspace)
        lookup = {"workspace_id": int(text)} if text.isdigit() else {"workspace__slug": text}
        membership = memberships.filter(**lookup).first()
        if membership is None:
            raise ValidationError({"workspace": ["You are not a member of this workspace."]})
        return membership

    membership = memberships.order_by("created_at", "id").first()
    if membership is None:
        raise ValidationError({"username": ["This user does not belong to any workspace yet."]})
    return membership


def token_issue(
    *, membership: Membership, name: str = "", ttl: timedelta | None = None
) -> tuple[PersonalToken, str]:
    """Create a personal token; the secret is returned here and never again."""
    secret = generate_secret(PERSONAL_TOKEN_PREFIX)
    token = PersonalToken.objects.create(
        membership=membership,
        name=name,
        prefix=display_prefix(secret),
        token_hash=hash_secret(secret),
        expires_at=timezone.now() + (ttl or settings.PERSONAL_TOKEN_TTL),
    )
    logger.info(
        "auth.token_issued",
        extra={
            "workspace_id": membership.workspace_id,
            "user_id": membership.user_id,
            "token": token.prefix,
        },
    )
    return token, secret


def credential_revoke(*, credential: PersonalToken | ApiKey) -> None:
    """Stop a credential from working, at once; revoking twice changes nothing."""
    if credential.revoked_at is None:
        credential.revoked_at = timezone.now()
        credential.save(update_fields=["revoked_at", "updated_at"])
        logger.info(
            "auth.credential_revoked",
            extra={
                "workspace_id": credential.workspace.pk,
                "kind": credential.kind,
                "credential": credential.prefix,
            },
        )


def validate_scopes(scopes: list[str]) -> list[str]:
    unknown = sorted(set(scopes) - SCOPES)
    if unknown:
        raise ValidationError(
            {
                "permissions": [
                    f"Unknown scope {scope!r}; scopes read <module>.read or <module>.write."
                    for scope in unknown
                ]
            }
        )
    return sorted(set(scopes))


def api_key_create(
    *,
    workspace: Workspace,
    name: str,
    scopes: list[str],
    created_by: User | None,
    expires_at: datetime | None = None,
) -> tuple[ApiKey, str]:
    """Mint a workspace key confined to `scopes`; the secret is returned here and never again."""
    secret = generate_secret(API_KEY_PREFIX)
    api_key = ApiKey.objects.create(
        workspace=workspace,
        name=name,
        scopes=validate_scopes(scopes),
        created_by=created_by,
        prefix=display_prefix(secret),
        token_hash=hash_secret(secret),
        expires_at=expires_at,
    )
    logger.info(
        "auth.api_key_created", extra={"workspace_id": workspace.pk, "credential": api_key.prefix}
    )
    return api_key, secret


def api_key_rotate(*, api_key: ApiKey) -> str:
    """Replace the key's secret; the old one stops working at once. Returns the new secret."""
    if api_key.is_revoked:
        raise Conflict("A revoked key cannot be rotated; create a new one.")
    secret = generate_secret(API_KEY_PREFIX)
    api_key.prefix = display_prefix(secret)
    api_key.token_hash = hash_secret(secret)
    api_key.last_used_at = None
    api_key.save(update_fields=["prefix", "token_hash", "last_used_at", "updated_at"])
    logger.info(
        "auth.api_key_rotated",
        extra={"workspace_id": api_key.workspace_id, "credential": api_key.prefix},
    )
    return secret


def purge_expired_tokens(*, grace: timedelta = timedelta(days=30)) -> int:
    """Delete personal tokens that expired or were revoked more than `grace` ago."""
    cutoff = timezone.now() - grace
    deleted, _ = PersonalToken.objects.filter(expires_at__lt=cutoff).delete()
    revoked, _ = PersonalToken.objects.filter(revoked_at__lt=cutoff).delete()
    return deleted + revoked


@transaction.atomic
def workspace_create(*, name: str, plan: str, owner: User, slug: str | None = None) -> Workspace:
    """A new workspace with `owner` as its owner."""
    workspace = Workspace.objects.create(name=name, plan=plan, slug=slug or slugify(name)[:80])
    Membership.objects.create(user=owner, workspace=workspace, role=Role.OWNER)
    logger.info("accounts.workspace_created", extra={"workspace_id": workspace.pk, "plan": plan})
    return workspace
