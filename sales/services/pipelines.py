"""Writes for pipelines and their stages, including the standard pipeline of every workspace."""

import logging
from typing import Any, TypedDict

from django.db import transaction
from rest_framework.exceptions import ValidationError

from accounts.models import Workspace
from simplycrm.api.errors import Conflict

from ..models import Opportunity, Pipeline, Stage, StageKind

logger = logging.getLogger(__name__)

MAX_STAGES = 30


class StageSpec(TypedDict, total=False):
    """A stage as a client lists it; with `id` it updates that stage, without it adds one."""

    id: int
    name: str
    probability: int
    kind: str


STANDARD_PIPELINE_NAME = "Sales pipeline"
# The stages every workspace starts with, in order: (name, probability in percent, kind).
STANDARD_STAGES: tuple[tuple[str, int, str], ...] = (
    ("Lead in", 10, StageKind.OPEN),
    ("Qualified", 25, StageKind.OPEN),
    ("Proposal sent", 50, StageKind.OPEN),
    ("Negotiation", 75, StageKind.OPEN),
    ("Won", 100, StageKind.WON),
    ("Lost", 0, StageKind.LOST),
)


def standard_stage_specs() -> list[StageSpec]:
    return [
        {"name": name, "probability": probability, "kind": kind}
        for name, probability, kind in STANDARD_STAGES
    ]


@transaction.atomic
def pipeline_create_standard(*, workspace: Workspace) -> Pipeline:
    """The workspace's default pipeline, created with the standard stages when it has none."""
    existing = Pipeline.objects.for_workspace(workspace).filter(is_default=True).first()
    if existing is not None:
        return existing
    return pipeline_create(
        workspace=workspace,
        name=STANDARD_PIPELINE_NAME,
        is_default=True,
        stages=standard_stage_specs(),
    )


def _check_stage_list(stages: list[StageSpec]) -> None:
    if len(stages) > MAX_STAGES:
        raise ValidationError({"stages": [f"A pipeline has at most {MAX_STAGES} stages."]})
    kinds = {stage.get("kind", StageKind.OPEN) for stage in stages}
    missing = [kind.label.lower() for kind in StageKind if kind not in kinds]
    if missing:
        raise ValidationError(
            {
                "stages": [
                    "A pipeline needs at least one open, one won and one lost stage; "
                    f"this list has no {' and no '.join(missing)} stage."
                ]
            }
        )
    if any(not stage.get("name", "").strip() for stage in stages):
        raise ValidationError({"stages": ["Every new stage needs a name."]})
    unnumbered = [stage["name"] for stage in stages if "probability" not in stage]
    if unnumbered:
        raise ValidationError(
            {"stages": [f"The new stage {name!r} needs a probability." for name in unnumbered]}
        )
    names = [stage["name"].strip().lower() for stage in stages]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValidationError({"stages": [f"Stage names repeat: {', '.join(repeated)}."]})


def _sync_stages(pipeline: Pipeline, stages: list[StageSpec]) -> None:
    """Make the pipeline's stages exactly `stages`, in that order (positions 1, 2, ...)."""
    current = {stage.pk: stage for stage in pipeline.stages.all()}
    unknown = [spec["id"] for spec in stages if "id" in spec and spec["id"] not in current]
    if unknown:
        raise ValidationError(
            {"stages": [f"Stage {pk} is not a stage of this pipeline." for pk in unknown]}
        )
    # What a client leaves out of a kept stage stays as it was.
    resolved: list[StageSpec] = []
    for spec in stages:
        existing = current.get(spec.get("id"))
        if existing is not None:
            spec = {
                "name": existing.name,
                "probability": existing.probability,
                "kind": existing.kind,
                **spec,
            }
        resolved.append(spec)
    _check_stage_list(resolved)

    kept = {spec["id"] for spec in resolved if "id" in spec}
    dropped = [stage for pk, stage in current.items() if pk not in kept]
    busy = set(Opportunity.objects.filter(stage__in=dropped).values_list("stage__name", flat=True))
    if busy:
        raise Conflict(
            "Deals still stand at the stages you removed; move them first.",
            details={"stages": sorted(busy)},
        )
    for stage in dropped:
        stage.delete()

    for position, spec in enumerate(resolved, start=1):
        stage = current.get(spec.get("id")) or Stage(
            workspace_id=pipeline.workspace_id, pipeline=pipeline
        )
        stage.name = spec["name"].strip()
        stage.probability = spec["probability"]
        stage.kind = spec.get("kind", StageKind.OPEN)
        stage.position = position
        stage.save()


def _make_default(pipeline: Pipeline) -> None:
    # The other default is cleared first: the database allows one default per workspace.
    Pipeline.objects.for_workspace(pipeline.workspace).filter(is_default=True).exclude(
        pk=pipeline.pk
    ).update(is_default=False)


@transaction.atomic
def pipeline_create(
    *,
    workspace: Workspace,
    name: str,
    stages: list[StageSpec] | None = None,
    is_default: bool = False,
    description: str = "",
) -> Pipeline:
    """A new pipeline; without `stages` it starts with the standard ones."""
    stages = stages if stages is not None else standard_stage_specs()
    _check_stage_list(stages)
    if any("id" in spec for spec in stages):
        raise ValidationError({"stages": ["A new pipeline's stages cannot have ids."]})

    pipeline = Pipeline(workspace=workspace, name=name, description=description)
    if is_default:
        _make_default(pipeline)
        pipeline.is_default = True
    pipeline.save()
    _sync_stages(pipeline, stages)

    logger.info(
        "sales.pipeline_created", extra={"workspace_id": workspace.pk, "object_id": pipeline.pk}
    )
    return pipeline


@transaction.atomic
def pipeline_update(
    *, pipeline: Pipeline, stages: list[StageSpec] | None = None, **fields: Any
) -> Pipeline:
    """Change a pipeline; `stages`, when given, is the complete new list of stages."""
    is_default = fields.pop("is_default", None)
    if is_default is False and pipeline.is_default:
        raise ValidationError(
            {"is_default": ["Make another pipeline the default instead; one must remain."]}
        )
    for name, value in fields.items():
        setattr(pipeline, name, value)
    if is_default and not pipeline.is_default:
        _make_default(pipeline)
        pipeline.is_default = True
    pipeline.save()
    if stages is not None:
        _sync_stages(pipeline, stages)

    logger.info(
        "sales.pipeline_updated",
        extra={"workspace_id": pipeline.workspace_id, "object_id": pipeline.pk},
    )
    return pipeline


@transaction.atomic
def pipeline_delete(*, pipeline: Pipeline) -> None:
    """Remove a pipeline that is not the default and holds no deals."""
    if pipeline.is_default:
        raise Conflict("The default pipeline cannot be deleted; make another one the default.")
    if Opportunity.objects.filter(pipeline=pipeline).exists():
        raise Conflict("This pipeline still holds deals; move or delete them first.")
    pipeline_id = pipeline.pk
    pipeline.delete()
    logger.info(
        "sales.pipeline_deleted",
        extra={"workspace_id": pipeline.workspace_id, "object_id": pipeline_id},
    )
