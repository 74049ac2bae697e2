"""What a team writes down about a deal, contact or company: notes, attached files, activities."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import WorkspaceScopedModel

from .common import api_key_by, user_by
from .deals import Opportunity
from .parties import Company, Contact


def _one_subject_only(prefix: str) -> models.CheckConstraint:
    """Exactly one of the deal, contact and company columns is filled."""
    deal = models.Q(opportunity__isnull=False, contact__isnull=True, company__isnull=True)
    contact = models.Q(opportunity__isnull=True, contact__isnull=False, company__isnull=True)
    company = models.Q(opportunity__isnull=True, contact__isnull=True, company__isnull=False)
    return models.CheckConstraint(condition=deal | contact | company, name=f"{prefix}_one_subject")


class SubjectModel(WorkspaceScopedModel):
    """A row about exactly one deal, contact or company."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class Note(SubjectModel):
    """Free text about a deal, contact or company, signed by its author."""

    body = models.TextField()
    pinned = models.BooleanField(default=False)
    author = user_by()
    author_api_key = api_key_by()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [_one_subject_only("sales_note")]

    def __str__(self) -> str:
        return self.body[:60]


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """A storage path nobody can guess: the workspace, then a random folder per file."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"sales/{attachment.workspace_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(SubjectModel):
    """A file attached to a deal, contact or company, kept in the configured Django storage."""

    file = models.FileField(upload_to=attachment_path, max_length=255)
    # The name the uploader gave the file; the stored path is random and never shown.
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=255, blank=True)
    uploaded_by = user_by()
    uploaded_by_api_key = api_key_by()

    class Meta:
        verbose_name = "file"
        ordering = ["-created_at", "-id"]
        constraints = [_one_subject_only("sales_attachment")]

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    CALL = "call", "Call"
    EMAIL = "email", "Email"
    MEETING = "meeting", "Meeting"
    MESSAGE = "message", "Message"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person"
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"
    WHATSAPP = "whatsapp", "WhatsApp"
    LINKEDIN = "linkedin", "LinkedIn"
    CHAT = "chat", "Chat"
    OTHER = "other", "Other"


# The channels each kind may use; the first one is the default when a client names none.
CHANNELS_BY_KIND: dict[str, tuple[str, ...]] = {
    ActivityKind.CALL: (Channel.PHONE, Channel.VIDEO, Channel.WHATSAPP, Channel.OTHER),
    ActivityKind.EMAIL: (Channel.EMAIL,),
    ActivityKind.MEETING: (Channel.VIDEO, Channel.IN_PERSON, Channel.PHONE, Channel.OTHER),
    ActivityKind.MESSAGE: (
        Channel.CHAT,
        Channel.SMS,
        Channel.WHATSAPP,
        Channel.LINKEDIN,
        Channel.OTHER,
    ),
}


class Direction(models.TextChoices):
    INBOUND = "inbound", "Inbound"
    OUTBOUND = "outbound", "Outbound"


class Outcome(models.TextChoices):
    CONNECTED = "connected", "Connected"
    NO_ANSWER = "no_answer", "No answer"
    VOICEMAIL = "voicemail", "Left a voicemail"
    BUSY = "busy", "Busy"
    REPLIED = "replied", "Replied"
    BOUNCED = "bounced", "Bounced"
    HELD = "held", "Held"
    RESCHEDULED = "rescheduled", "Rescheduled"
    CANCELLED = "cancelled", "Cancelled"
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class DealActivity(WorkspaceScopedModel):
    """One interaction on a deal: a call, email, meeting or message, with who took part."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(max_length=10, choices=ActivityKind.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    contacts = models.ManyToManyField(Contact, blank=True, related_name="deal_activities")
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="sales_deal_activities"
    )
    # The id of the interaction in the system it came from (a mailbox, a dialler), so a sync
    # that runs twice records it once.
    external_id = models.CharField(max_length=200, blank=True)
    logged_by = user_by()
    logged_by_api_key = api_key_by()

    class Meta:
        verbose_name = "deal activity"
        verbose_name_plural = "deal activities"
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "external_id"],
                condition=~models.Q(external_id=""),
                name="sales_activity_unique_external_id",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "occurred_at"]),
            models.Index(fields=["opportunity", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject or self.occurred_at.date()}"
