from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import WorkspaceScopedModel

from ..crypto import EncryptedTextField


class WebhookSubscription(WorkspaceScopedModel):
    """An endpoint of the workspace's that receives signed events."""

    url = models.URLField(max_length=2000)
    # Event type names to deliver; empty means every type.
    events = models.JSONField(default=list, blank=True)
    description = models.CharField(max_length=255, blank=True)
    is_active = models.BooleanField(default=True)
    secret = EncryptedTextField(editable=False)
    # During a rotation's grace period deliveries are signed with this secret as well.
    previous_secret = EncryptedTextField(null=True, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return not self.events or event_type in self.events

    def signing_secrets(self) -> list[str]:
        """The current secret, then the previous one while its grace period lasts."""
        secrets = [self.secret]
        if (
            self.previous_secret
            and self.previous_secret_expires_at
            and self.previous_secret_expires_at > timezone.now()
        ):
            secrets.append(self.previous_secret)
        return secrets


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed (gave up)"


class WebhookDelivery(WorkspaceScopedModel):
    """One event for one subscription, tried until it succeeds or the retries run out."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(
        "integrations.DomainEvent", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A worker holds the delivery until this time; after it, a sweep may try again.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_response_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "subscription"],
                name="one_delivery_per_event_and_subscription",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} -> {self.subscription_id} ({self.status})"
