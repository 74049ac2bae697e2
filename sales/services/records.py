"""Writes for notes and attached files."""

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from rest_framework.exceptions import ValidationError

from accounts.models import Workspace

from ..models import Attachment, Company, Contact, Note, Opportunity
from ..uploads import check_upload
from .common import Actor, require_same_workspace

logger = logging.getLogger(__name__)

SUBJECT_FIELDS = ("opportunity", "contact", "company")


def check_one_subject(
    *, opportunity: Opportunity | None, contact: Contact | None, company: Company | None
) -> None:
    """A note or file is about exactly one deal, contact or company; a 400 names the fields."""
    given = [
        name
        for name, value in zip(SUBJECT_FIELDS, (opportunity, contact, company), strict=True)
        if value is not None
    ]
    if len(given) == 1:
        return
    message = "Give exactly one of opportunity, contact or company."
    raise ValidationError({name: [message] for name in (given or SUBJECT_FIELDS)})


@transaction.atomic
def note_create(
    *,
    workspace: Workspace,
    actor: Actor,
    body: str,
    opportunity: Opportunity | None = None,
    contact: Contact | None = None,
    company: Company | None = None,
    pinned: bool = False,
) -> Note:
    check_one_subject(opportunity=opportunity, contact=contact, company=company)
    require_same_workspace(workspace, opportunity=opportunity, contact=contact, company=company)
    note = Note.objects.create(
        workspace=workspace,
        body=body,
        pinned=pinned,
        opportunity=opportunity,
        contact=contact,
        company=company,
        author=actor.user,
        author_api_key=actor.api_key,
    )
    logger.info("sales.note_created", extra={"workspace_id": workspace.pk, "object_id": note.pk})
    return note


def note_update(*, note: Note, body: str | None = None, pinned: bool | None = None) -> Note:
    """Change a note's text or pin; what it is about never changes."""
    if body is not None:
        note.body = body
    if pinned is not None:
        note.pinned = pinned
    note.save(update_fields=["body", "pinned", "updated_at"])
    return note


@transaction.atomic
def attachment_create(
    *,
    workspace: Workspace,
    actor: Actor,
    upload: UploadedFile,
    opportunity: Opportunity | None = None,
    contact: Contact | None = None,
    company: Company | None = None,
    name: str = "",
    description: str = "",
) -> Attachment:
    """Check an upload and keep it in the configured storage under a random path.

    The file is written last, after every check, so a refused upload never reaches storage.
    """
    check_one_subject(opportunity=opportunity, contact=contact, company=company)
    require_same_workspace(workspace, opportunity=opportunity, contact=contact, company=company)
    checked = check_upload(upload)

    attachment = Attachment(
        workspace=workspace,
        opportunity=opportunity,
        contact=contact,
        company=company,
        name=(name or upload.name or "file")[:255],
        description=description,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor.user,
        uploaded_by_api_key=actor.api_key,
    )
    attachment.file.save(upload.name or "file", upload, save=False)
    attachment.save()

    logger.info(
        "sales.file_uploaded",
        extra={
            "workspace_id": workspace.pk,
            "object_id": attachment.pk,
            "size": attachment.size,
            "content_type": attachment.content_type,
        },
    )
    return attachment


def attachment_delete(*, attachment: Attachment) -> None:
    """Delete the row; the stored file goes once the transaction commits (see signals)."""
    attachment_id = attachment.pk
    attachment.delete()
    logger.info(
        "sales.file_deleted",
        extra={"workspace_id": attachment.workspace_id, "object_id": attachment_id},
    )


def attachment_storage_delete(*, name: str, storage) -> None:
    """Remove a stored file whose row is gone; a missing file is not an error."""
    try:
        storage.delete(name)
    except OSError:
        logger.warning("sales.file_storage_delete_failed", extra={"path": name})
