"""Deals (opportunities) and the record of every stage they passed through."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.models import WorkspaceScopedModel

from ..money import DEFAULT_CURRENCY, ZERO, money_field, round_money
from .common import Tag, api_key_by, user_by
from .parties import Company, Contact
from .pipelines import Pipeline, Stage


class DealStatus(models.TextChoices):
    OPEN = "open", "Open"
    WON = "won", "Won"
    LOST = "lost", "Lost"


class DealSource(models.TextChoices):
    INBOUND = "inbound", "Inbound"
    OUTBOUND = "outbound", "Outbound"
    REFERRAL = "referral", "Referral"
    PARTNER = "partner", "Partner"
    EVENT = "event", "Event"
    EXISTING_CUSTOMER = "existing_customer", "Existing customer"
    OTHER = "other", "Other"


class Opportunity(WorkspaceScopedModel):
    """A deal: what might be sold, to whom, for how much, and how far it has come."""

    name = models.CharField(max_length=200)
    pipeline = models.ForeignKey(Pipeline, on_delete=models.PROTECT, related_name="opportunities")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="opportunities")
    amount = money_field(default=ZERO, validators=[MinValueValidator(ZERO)])
    # ISO 4217 code, upper-case.
    currency = models.CharField(max_length=3, default=DEFAULT_CURRENCY)
    owner = user_by()
    company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="opportunities"
    )
    contacts = models.ManyToManyField(Contact, blank=True, related_name="opportunities")
    expected_close_date = models.DateField(null=True, blank=True)
    # Percent; empty means the stage's probability applies.
    probability = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    # Follows the kind of the stage; only a stage move changes it.
    status = models.CharField(max_length=10, choices=DealStatus.choices, default=DealStatus.OPEN)
    lost_reason = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=30, choices=DealSource.choices, blank=True)
    description = models.TextField(blank=True)
    stage_entered_at = models.DateTimeField(default=timezone.now)
    won_at = models.DateTimeField(null=True, blank=True)
    lost_at = models.DateTimeField(null=True, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="opportunities")
    custom_fields = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "deal"
        verbose_name_plural = "deals"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "amount"]),
            models.Index(fields=["workspace", "expected_close_date"]),
            models.Index(fields=["workspace", "updated_at"]),
            models.Index(fields=["workspace", "status"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_probability(self) -> int:
        """The deal's own probability, else its stage's."""
        return self.probability if self.probability is not None else self.stage.probability

    @property
    def weighted_amount(self) -> Decimal:
        """The amount times the chance of winning it, in the deal's currency."""
        return round_money(self.amount * self.effective_probability / 100, self.currency)


class StageChange(WorkspaceScopedModel):
    """One move of a deal, from a stage (empty when the deal was created) to another.

    Stage names are copied so the history stays readable after a stage is renamed or removed.
    """

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="stage_history"
    )
    from_stage = models.ForeignKey(
        Stage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_stage_name = models.CharField(max_length=120, blank=True)
    to_stage = models.ForeignKey(
        Stage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_stage_name = models.CharField(max_length=120)
    status = models.CharField(max_length=10, choices=DealStatus.choices)
    # The deal's amount and currency when it moved, so pipeline reports can replay the past.
    amount = money_field()
    currency = models.CharField(max_length=3)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    changed_by = user_by()
    changed_by_api_key = api_key_by()

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["opportunity", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.from_stage_name or '(new)'} → {self.to_stage_name}"
