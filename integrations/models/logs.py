from django.db import models

from accounts.models import WorkspaceScopedModel


class LogKind(models.TextChoices):
    WEBHOOK_DELIVERY = "webhook_delivery", "Webhook delivery"
    IMPORT = "import", "Import"
    CONNECTION_TEST = "connection_test", "Connection test"
    SYNC = "sync", "Sync run"


class LogStatus(models.TextChoices):
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class IntegrationLog(WorkspaceScopedModel):
    """One exchange with the outside world: what was sent, what came back, how long it took."""

    kind = models.CharField(max_length=30, choices=LogKind.choices, db_index=True)
    status = models.CharField(max_length=20, choices=LogStatus.choices, db_index=True)
    subscription = models.ForeignKey(
        "integrations.WebhookSubscription",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logs",
    )
    delivery = models.ForeignKey(
        "integrations.WebhookDelivery",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logs",
    )
    connection = models.ForeignKey(
        "integrations.IntegrationConnection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logs",
    )
    import_job = models.ForeignKey(
        "integrations.ImportJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logs",
    )
    target = models.CharField(max_length=2000, blank=True, help_text="URL or target called.")
    request_payload = models.JSONField(null=True, blank=True)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    # At most INTEGRATION_LOG_EXCERPT_BYTES of the response body.
    response_excerpt = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} {self.created_at:%Y-%m-%d %H:%M}"
