"""Writes for deal activities: the calls, emails, meetings and messages of a deal."""

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from rest_framework.exceptions import ValidationError

from accounts.models import User, Workspace

from ..models import CHANNELS_BY_KIND, Contact, DealActivity, Opportunity
from .common import Actor, apply_fields, require_same_workspace, save_unique

logger = logging.getLogger(__name__)


def _check_channel(activity: DealActivity) -> None:
    allowed = CHANNELS_BY_KIND[activity.kind]
    if not activity.channel:
        activity.channel = allowed[0]
    elif activity.channel not in allowed:
        raise ValidationError(
            {"channel": [f"A {activity.kind} goes over {', '.join(allowed)}, not this channel."]}
        )


@transaction.atomic
def activity_create(
    *,
    workspace: Workspace,
    actor: Actor,
    opportunity: Opportunity,
    kind: str,
    direction: str,
    occurred_at: datetime,
    contacts: list[Contact] | None = None,
    users: list[User] | None = None,
    **fields: Any,
) -> DealActivity:
    """Log an interaction on a deal; an `external_id` seen before is a 409, not a duplicate."""
    require_same_workspace(workspace, opportunity=opportunity, contacts=contacts)
    activity = DealActivity(
        workspace=workspace,
        opportunity=opportunity,
        kind=kind,
        direction=direction,
        occurred_at=occurred_at,
        logged_by=actor.user,
        logged_by_api_key=actor.api_key,
        **fields,
    )
    _check_channel(activity)
    save_unique(activity, field="external_id", label="deal activity")
    if contacts:
        activity.contacts.set(contacts)
    if users:
        activity.users.set(users)

    logger.info(
        "sales.activity_logged",
        extra={
            "workspace_id": workspace.pk,
            "object_id": activity.pk,
            "opportunity_id": opportunity.pk,
            "kind": kind,
        },
    )
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: DealActivity,
    contacts: list[Contact] | None = None,
    users: list[User] | None = None,
    **fields: Any,
) -> DealActivity:
    require_same_workspace(activity.workspace, contacts=contacts)
    if "kind" in fields and "channel" not in fields and fields["kind"] != activity.kind:
        fields["channel"] = ""
    apply_fields(activity, fields)
    _check_channel(activity)
    save_unique(activity, field="external_id", label="deal activity")
    if contacts is not None:
        activity.contacts.set(contacts)
    if users is not None:
        activity.users.set(users)

    logger.info(
        "sales.activity_updated",
        extra={"workspace_id": activity.workspace_id, "object_id": activity.pk},
    )
    return activity
