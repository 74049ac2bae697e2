"""Pipelines and their ordered stages: the road a deal travels from first contact to close."""

from django.core.validators import MaxValueValidator
from django.db import models

from accounts.models import WorkspaceScopedModel


class StageKind(models.TextChoices):
    OPEN = "open", "Open"
    WON = "won", "Won"
    LOST = "lost", "Lost"


class Pipeline(WorkspaceScopedModel):
    """A sales process; every workspace has one default pipeline that new deals enter."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_default", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace"],
                condition=models.Q(is_default=True),
                name="sales_pipeline_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(WorkspaceScopedModel):
    """A step of a pipeline; the kind says whether a deal standing here is open, won or lost.

    Names are unique within a pipeline; the pipeline service checks it over the whole new list,
    since a database constraint would refuse two stages trading names in one edit.
    """

    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=120)
    # 1 for the first stage; the API renumbers stages in the order a client lists them.
    position = models.PositiveSmallIntegerField()
    # Chance, in percent, that a deal at this stage closes as won; deals may set their own.
    probability = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    kind = models.CharField(max_length=10, choices=StageKind.choices, default=StageKind.OPEN)

    class Meta:
        ordering = ["pipeline_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__lte=100), name="sales_stage_probability_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pipeline.name} / {self.name}" if self.pipeline_id else self.name
