"""Users, workspaces (the tenants), memberships and the credentials that act in a workspace."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from .plans import FEATURES, Plan, flags_for_plan
from .roles import API_KEY_PERMISSIONS, ROLE_PERMISSIONS, Role


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkspaceScopedQuerySet(models.QuerySet):
    def for_workspace(self, workspace: "Workspace") -> "WorkspaceScopedQuerySet":
        return self.filter(workspace=workspace)


class WorkspaceScopedModel(TimestampedModel):
    """A tenant row: it belongs to exactly one workspace and is only ever read through it."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")

    objects = WorkspaceScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class User(AbstractUser):
    """A person who signs in; what they may do depends on their membership in a workspace."""

    email = models.EmailField(blank=True, db_index=True)

    class Meta:
        ordering = ["id"]


class Workspace(TimestampedModel):
    """A tenant: its own catalogue, pipeline and records, on one plan."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    plan = models.CharField(max_length=20, choices=Plan.choices, default=Plan.FREE)
    # Requests a minute per credential; empty means the plan's default quota.
    api_quota_per_minute = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Custom API quota (requests a minute per credential); empty uses the plan's.",
    )
    members = models.ManyToManyField(User, through="Membership", related_name="workspaces")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_plan_display()})"

    @cached_property
    def feature_flags(self) -> frozenset[str]:
        """The flags of the plan, with this workspace's grants added and withdrawals removed."""
        flags = flags_for_plan(self.plan)
        for override in self.feature_overrides.all():
            if override.enabled:
                flags.add(override.flag)
            else:
                flags.discard(override.flag)
        return frozenset(flags)

    @property
    def api_quota(self) -> int:
        if self.api_quota_per_minute is not None:
            return self.api_quota_per_minute
        return settings.PLAN_API_QUOTAS[self.plan]


class FeatureOverride(TimestampedModel):
    """Grants a flag the plan lacks, or withdraws one it has, for one workspace."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="feature_overrides"
    )
    flag = models.CharField(max_length=80, choices=sorted((flag, flag) for flag in FEATURES))
    enabled = models.BooleanField(help_text="Checked grants the flag; unchecked withdraws it.")
    reason = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "flag"], name="unique_override_per_flag")
        ]

    def __str__(self) -> str:
        return f"{'+' if self.enabled else '-'}{self.flag}"


class Membership(TimestampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} as {self.role}"

    @property
    def permissions(self) -> frozenset[str]:
        return ROLE_PERMISSIONS[self.role]


class CredentialQuerySet(models.QuerySet):
    def usable(self) -> "CredentialQuerySet":
        """Credentials that authenticate right now: not revoked and not expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class Credential(models.Model):
    """What personal tokens and workspace keys share: only a keyed hash of the secret is kept."""

    name = models.CharField(max_length=120, blank=True)
    # The first characters of the secret, shown so people can tell their credentials apart.
    prefix = models.CharField(max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = CredentialQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name}".strip()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class PersonalToken(Credential):
    """A user's token, acting in one workspace with the permissions of the user's role there."""

    kind = "personal_token"
    scopes = None

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tokens")

    class Meta(Credential.Meta):
        indexes = [models.Index(fields=["expires_at"])]

    @property
    def workspace(self) -> Workspace:
        return self.membership.workspace

    @property
    def user(self) -> User:
        return self.membership.user

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def permissions(self) -> frozenset[str]:
        return self.membership.permissions


class ApiKey(Credential):
    """A long-lived workspace key, confined to its scopes (`<module>.read` / `<module>.write`)."""

    kind = "api_key"
    role = None

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_keys")
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CredentialQuerySet.as_manager()

    class Meta(Credential.Meta):
        verbose_name = "workspace API key"

    @property
    def permissions(self) -> frozenset[str]:
        return API_KEY_PERMISSIONS
