"""Notes, files and deal activities."""

import logging

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser

from simplycrm.api.parsers import BoundedJSONParser
from simplycrm.api.views import WorkspaceCreateReadDeleteViewSet, WorkspaceModelViewSet

from .. import selectors
from ..filters import AttachmentFilterSet, DealActivityFilterSet, NoteFilterSet
from ..serializers import AttachmentSerializer, DealActivitySerializer, NoteSerializer
from ..services import (
    activity_create,
    activity_update,
    attachment_create,
    attachment_delete,
    note_create,
    note_update,
)
from .common import SalesViewSetMixin

logger = logging.getLogger(__name__)


class NoteViewSet(SalesViewSetMixin, WorkspaceModelViewSet):
    """Notes on a deal, a contact or a company, signed by their author."""

    resource = "sales.notes"
    queryset = selectors.note_queryset()
    serializer_class = NoteSerializer
    filterset_class = NoteFilterSet
    search_fields = ["body"]
    ordering_fields = ["created_at"]

    def perform_create(self, serializer):
        serializer.instance = note_create(
            workspace=self.workspace, actor=self.actor, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = note_update(note=serializer.instance, **serializer.validated_data)


class AttachmentViewSet(SalesViewSetMixin, WorkspaceCreateReadDeleteViewSet):
    """Files on a deal, a contact or a company.

    Upload with multipart form data; the type must be one of the accepted document and image
    types, and the content must match it. The file itself comes only from `download`, with a
    credential of the same workspace; it is never at a public address.
    """

    resource = "sales.files"
    queryset = selectors.attachment_queryset()
    serializer_class = AttachmentSerializer
    filterset_class = AttachmentFilterSet
    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]
    search_fields = ["name", "description"]
    ordering_fields = ["created_at"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = attachment_create(
            workspace=self.workspace, actor=self.actor, upload=data.pop("file"), **data
        )

    def perform_update(self, serializer):
        if "file" in serializer.validated_data:
            raise serializers.ValidationError(
                {"file": ["A file's content cannot change; upload a new file."]}
            )
        serializer.save()

    def perform_destroy(self, instance):
        attachment_delete(attachment=instance)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, as an attachment."
            )
        },
        filters=False,
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        """The file's content, with its name and checked content type."""
        attachment = self.get_object()
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            logger.error(
                "sales.file_missing_in_storage",
                extra={"workspace_id": attachment.workspace_id, "object_id": attachment.pk},
            )
            raise NotFound("The file's content is missing from storage.") from None

        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
        # Never cached by a shared proxy, never rendered as a page.
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class DealActivityViewSet(SalesViewSetMixin, WorkspaceModelViewSet):
    """Calls, emails, meetings and messages logged on deals, with who took part."""

    resource = "sales.deal-activities"
    queryset = selectors.activity_queryset()
    serializer_class = DealActivitySerializer
    filterset_class = DealActivityFilterSet
    search_fields = ["subject", "body"]
    ordering_fields = ["occurred_at", "created_at"]
    ordering = ["-occurred_at", "-id"]

    def perform_create(self, serializer):
        serializer.instance = activity_create(
            workspace=self.workspace, actor=self.actor, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = activity_update(
            activity=serializer.instance, **serializer.validated_data
        )
