import uuid

from django.db import models


class DomainEvent(models.Model):
    """A change worth telling the outside world about, written in the transaction that made it.

    This table is the outbox: a row exists exactly when its change committed. The dispatcher
    fans each undispatched row out to the matching webhook subscriptions and stamps
    `dispatched_at`; a periodic sweep re-dispatches rows a dead worker left behind.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="domain_events"
    )
    type = models.CharField(max_length=80, db_index=True)
    version = models.PositiveSmallIntegerField(default=1)
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="event_undispatched_idx",
                condition=models.Q(dispatched_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.id}"

    def as_payload(self) -> dict:
        """The JSON body a webhook receiver gets."""
        return {
            "id": str(self.id),
            "type": self.type,
            "version": self.version,
            "created_at": self.created_at.isoformat().replace("+00:00", "Z"),
            "workspace_id": self.workspace_id,
            "data": self.data,
        }
