"""Pieces the sales models share: tags, and the "who did it" pair of columns."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from accounts.models import WorkspaceScopedModel


class Tag(WorkspaceScopedModel):
    """A label a workspace puts on companies, contacts and deals; names are case-insensitive."""

    name = models.CharField(max_length=50)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("workspace", Lower("name"), name="sales_tag_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


def user_by(related_name: str = "+") -> models.ForeignKey:
    """The member who made a row; empty when a workspace key did, or the user is gone."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


def api_key_by() -> models.ForeignKey:
    """The workspace key that made a row, when no person did."""
    return models.ForeignKey(
        "accounts.ApiKey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
