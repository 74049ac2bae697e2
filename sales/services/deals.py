"""Writes for deals: creating them, changing them, and moving them along their pipeline."""

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts.models import Workspace

from ..models import Contact, DealStatus, Opportunity, Pipeline, Stage, StageChange, StageKind
from .common import Actor, apply_fields, require_same_workspace, tags_set

logger = logging.getLogger(__name__)


def _entry_stage(pipeline: Pipeline) -> Stage:
    stage = pipeline.stages.filter(kind=StageKind.OPEN).order_by("position", "id").first()
    if stage is None:
        raise ValidationError({"pipeline": ["This pipeline has no open stage to start in."]})
    return stage


def _place(
    workspace: Workspace, pipeline: Pipeline | None, stage: Stage | None
) -> tuple[Pipeline, Stage]:
    """The pipeline and stage a new deal starts in: as given, else the default's first stage."""
    if stage is not None:
        if pipeline is not None and stage.pipeline_id != pipeline.pk:
            raise ValidationError({"stage": ["This stage belongs to another pipeline."]})
        return stage.pipeline, stage
    if pipeline is None:
        pipeline = Pipeline.objects.for_workspace(workspace).filter(is_default=True).first()
        if pipeline is None:
            raise ValidationError(
                {"pipeline": ["The workspace has no default pipeline; name a pipeline."]}
            )
    return pipeline, _entry_stage(pipeline)


def _enter_stage(opportunity: Opportunity, stage: Stage, at: datetime) -> None:
    """Put the deal at `stage`; its status follows the stage, with the close time stamped."""
    previous_status = opportunity.status
    opportunity.stage = stage
    opportunity.status = stage.kind
    opportunity.stage_entered_at = at
    if stage.kind == StageKind.OPEN:
        opportunity.won_at = opportunity.lost_at = None
        opportunity.lost_reason = ""
    elif stage.kind == StageKind.WON:
        if previous_status != DealStatus.WON or opportunity.won_at is None:
            opportunity.won_at = at
        opportunity.lost_at = None
        opportunity.lost_reason = ""
    elif previous_status != DealStatus.LOST or opportunity.lost_at is None:
        opportunity.lost_at = at
        opportunity.won_at = None


def _record_move(
    opportunity: Opportunity, from_stage: Stage | None, actor: Actor, at: datetime
) -> StageChange:
    return StageChange.objects.create(
        workspace_id=opportunity.workspace_id,
        opportunity=opportunity,
        from_stage=from_stage,
        from_stage_name=from_stage.name if from_stage else "",
        to_stage=opportunity.stage,
        to_stage_name=opportunity.stage.name,
        status=opportunity.status,
        amount=opportunity.amount,
        currency=opportunity.currency,
        changed_at=at,
        changed_by=actor.user,
        changed_by_api_key=actor.api_key,
    )


@transaction.atomic
def opportunity_create(
    *,
    workspace: Workspace,
    actor: Actor,
    name: str,
    pipeline: Pipeline | None = None,
    stage: Stage | None = None,
    contacts: list[Contact] | None = None,
    tags: list[str] | None = None,
    at: datetime | None = None,
    **fields: Any,
) -> Opportunity:
    """A new deal, in the given stage or the first open stage; its history starts here.

    `at` backdates the deal and its first history entry, for imports of past deals.
    """
    require_same_workspace(
        workspace,
        pipeline=pipeline,
        stage=stage,
        contacts=contacts,
        company=fields.get("company"),
    )
    backdated = at is not None
    at = at or timezone.now()
    pipeline, stage = _place(workspace, pipeline, stage)
    fields.setdefault("owner", actor.user)
    lost_reason = fields.pop("lost_reason", "")
    if lost_reason and stage.kind != StageKind.LOST:
        raise ValidationError({"lost_reason": ["Only a deal created lost takes a lost reason."]})

    opportunity = Opportunity(workspace=workspace, name=name, pipeline=pipeline, **fields)
    _enter_stage(opportunity, stage, at)
    if stage.kind == StageKind.LOST:
        opportunity.lost_reason = lost_reason
    opportunity.save()
    if backdated:
        Opportunity.objects.filter(pk=opportunity.pk).update(created_at=at)
        opportunity.created_at = at
    if contacts:
        opportunity.contacts.set(contacts)
    if tags:
        tags_set(instance=opportunity, workspace=workspace, names=tags)
    _record_move(opportunity, None, actor, at)

    logger.info(
        "sales.opportunity_created",
        extra={"workspace_id": workspace.pk, "object_id": opportunity.pk, "stage_id": stage.pk},
    )
    return opportunity


@transaction.atomic
def opportunity_update(
    *,
    opportunity: Opportunity,
    contacts: list[Contact] | None = None,
    tags: list[str] | None = None,
    **fields: Any,
) -> Opportunity:
    """Change a deal's details; its stage changes only through `opportunity_move`."""
    require_same_workspace(opportunity.workspace, contacts=contacts, company=fields.get("company"))
    if "lost_reason" in fields and opportunity.status != DealStatus.LOST and fields["lost_reason"]:
        raise ValidationError({"lost_reason": ["Only a lost deal has a lost reason."]})
    apply_fields(opportunity, fields)
    opportunity.save()
    if contacts is not None:
        opportunity.contacts.set(contacts)
    if tags is not None:
        tags_set(instance=opportunity, workspace=opportunity.workspace, names=tags)

    logger.info(
        "sales.opportunity_updated",
        extra={"workspace_id": opportunity.workspace_id, "object_id": opportunity.pk},
    )
    return opportunity


@transaction.atomic
def opportunity_move(
    *,
    opportunity: Opportunity,
    stage: Stage,
    actor: Actor,
    lost_reason: str | None = None,
    at: datetime | None = None,
) -> StageChange | None:
    """Move a deal to another stage of its own pipeline and record the move.

    Moving a deal to the stage it is at records nothing (a retried request is harmless) and
    returns None. A won or lost stage stamps `won_at` or `lost_at`; an open one clears both.
    """
    if stage.pipeline_id != opportunity.pipeline_id:
        raise ValidationError(
            {"stage": ["This stage belongs to another pipeline than the deal's."]}
        )
    if lost_reason and stage.kind != StageKind.LOST:
        raise ValidationError({"lost_reason": ["Only a move to a lost stage takes a reason."]})

    # Lock the deal so two moves at once are recorded one after the other, each from the
    # stage the other left it at.
    Opportunity.objects.select_for_update().filter(pk=opportunity.pk).values_list("pk").get()
    opportunity.refresh_from_db()
    if stage.pk == opportunity.stage_id:
        if lost_reason is not None and stage.kind == StageKind.LOST:
            opportunity.lost_reason = lost_reason
            opportunity.save(update_fields=["lost_reason", "updated_at"])
        return None

    at = at or timezone.now()
    from_stage = opportunity.stage
    _enter_stage(opportunity, stage, at)
    if lost_reason is not None and stage.kind == StageKind.LOST:
        opportunity.lost_reason = lost_reason
    opportunity.save()
    change = _record_move(opportunity, from_stage, actor, at)

    logger.info(
        "sales.opportunity_moved",
        extra={
            "workspace_id": opportunity.workspace_id,
            "object_id": opportunity.pk,
            "from_stage_id": from_stage.pk,
            "to_stage_id": stage.pk,
            "status": opportunity.status,
        },
    )
    return change
