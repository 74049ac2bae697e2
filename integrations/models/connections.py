from django.db import models

from accounts.models import WorkspaceScopedModel

from ..crypto import EncryptedJSONField


class ConnectionKind(models.TextChoices):
    SLACK = "slack", "Slack"
    HUBSPOT = "hubspot", "HubSpot"


class ConnectionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ERROR = "error", "Error (last test failed)"
    DISABLED = "disabled", "Disabled"


class IntegrationConnection(WorkspaceScopedModel):
    """A linked third-party account; its credentials are encrypted and never sent back out."""

    kind = models.CharField(max_length=30, choices=ConnectionKind.choices)
    name = models.CharField(max_length=120)
    status = models.CharField(
        max_length=20, choices=ConnectionStatus.choices, default=ConnectionStatus.ACTIVE
    )
    settings = models.JSONField(default=dict, blank=True)
    credentials = EncryptedJSONField(default=dict, blank=True)
    last_tested_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"
