from django.conf import settings
from django.db import models

from accounts.models import WorkspaceScopedModel


class ImportTarget(models.TextChoices):
    CONTACTS = "contacts", "Contacts"
    COMPANIES = "companies", "Companies"
    PRODUCTS = "products", "Products"
    OPPORTUNITIES = "opportunities", "Opportunities"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    PARTIALLY_SUCCEEDED = "partially_succeeded", "Partially succeeded"
    FAILED = "failed", "Failed"


class ImportJob(WorkspaceScopedModel):
    """A CSV or XLSX file imported into one kind of record in the background."""

    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=10)
    target = models.CharField(max_length=30, choices=ImportTarget.choices)
    # Column header in the file -> field of the target.
    mapping = models.JSONField(default=dict)
    # The target field that identifies an existing record to update instead of creating one.
    match_on = models.CharField(max_length=60, blank=True)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(
        max_length=30, choices=ImportStatus.choices, default=ImportStatus.QUEUED, db_index=True
    )
    total_rows = models.PositiveIntegerField(null=True, blank=True)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # The first IMPORT_MAX_REPORTED_ERRORS row errors: {"row", "field", "message"}.
    errors = models.JSONField(default=list, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.target} import {self.original_name} ({self.status})"
