"""What every sales service shares: who acts, tags, and saving rows that must be unique."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from rest_framework.exceptions import ValidationError

from accounts.models import ApiKey, PersonalToken, User, Workspace
from simplycrm.api.errors import Conflict

from ..models import Tag


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a member, or a workspace key (which is nobody in particular)."""

    user: User | None = None
    api_key: ApiKey | None = None

    @classmethod
    def of(cls, credential: PersonalToken | ApiKey) -> "Actor":
        if isinstance(credential, ApiKey):
            return cls(api_key=credential)
        return cls(user=credential.user)


def tag_names(names: Iterable[str]) -> dict[str, str]:
    """Clean tag names keyed by their lower-case form; blanks and repeats are dropped."""
    cleaned: dict[str, str] = {}
    for name in names:
        text = " ".join(name.split())
        if text:
            cleaned.setdefault(text.lower(), text)
    return cleaned


def tags_set(*, instance: models.Model, workspace: Workspace, names: Iterable[str]) -> None:
    """Make `instance.tags` exactly `names`, creating the workspace's missing tags."""
    wanted = tag_names(names)
    existing = {
        tag.lowered: tag
        for tag in Tag.objects.for_workspace(workspace)
        .annotate(lowered=Lower("name"))
        .filter(lowered__in=list(wanted))
    }
    tags = []
    for lowered, name in wanted.items():
        tag = existing.get(lowered)
        if tag is None:
            tag, _ = Tag.objects.get_or_create(
                workspace=workspace, name__iexact=name, defaults={"name": name}
            )
        tags.append(tag)
    instance.tags.set(tags)


def ensure_unique(
    queryset: models.QuerySet, *, field: str, value: str, label: str, exclude_pk: int | None
) -> None:
    """Refuse with a 409 naming `field` when another row of `queryset` already has `value`."""
    if not value:
        return
    existing = (
        queryset.filter(**{field: value}).exclude(pk=exclude_pk).values_list("pk", flat=True)
    ).first()
    if existing is not None:
        raise Conflict(
            f"A {label} with the {field} {value!r} already exists in this workspace.",
            details={"field": field, "value": value, "existing_id": existing},
        )


def save_unique(instance: models.Model, *, field: str, label: str) -> None:
    """Save `instance`, turning a race on the unique `field` into the same 409 as the check."""
    queryset = type(instance).objects.for_workspace(instance.workspace)
    value = getattr(instance, field)
    ensure_unique(queryset, field=field, value=value, label=label, exclude_pk=instance.pk)
    try:
        # A savepoint, so the request's transaction survives the failed insert on PostgreSQL.
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        ensure_unique(queryset, field=field, value=value, label=label, exclude_pk=instance.pk)
        raise


def apply_fields(instance: models.Model, fields: dict) -> list[str]:
    """Set plain column values on `instance`; returns the names that changed."""
    changed = []
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def require_same_workspace(workspace: Workspace, **related: Any) -> None:
    """A 400 naming each reference that belongs to another workspace.

    The API's serializers already refuse such ids; this keeps services safe for every other
    caller (imports, tasks, the assistant), which hands them model instances directly.
    """
    foreign = {}
    for name, value in related.items():
        items = value if isinstance(value, (list, tuple, set)) else [value]
        if any(item is not None and item.workspace_id != workspace.pk for item in items):
            foreign[name] = ["Not found in this workspace."]
    if foreign:
        raise ValidationError(foreign)
