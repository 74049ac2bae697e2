"""Request and response bodies of notes, files and deal activities."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from simplycrm.api.serializers import WorkspaceModelSerializer, WorkspaceRelatedField

from ..models import Attachment, Company, Contact, DealActivity, Note, Opportunity
from ..uploads import max_upload_bytes
from .common import ActorField, WorkspaceMemberField

SUBJECT_HELP = "Exactly one of opportunity, contact and company; fixed once created."


class SubjectSerializerMixin(serializers.Serializer):
    """The deal, contact or company a row is about: chosen on create, then fixed."""

    opportunity = WorkspaceRelatedField(
        queryset=Opportunity.objects.all(), required=False, allow_null=True, help_text=SUBJECT_HELP
    )
    contact = WorkspaceRelatedField(
        queryset=Contact.objects.all(), required=False, allow_null=True, help_text=SUBJECT_HELP
    )
    company = WorkspaceRelatedField(
        queryset=Company.objects.all(), required=False, allow_null=True, help_text=SUBJECT_HELP
    )

    def validate(self, attrs: dict) -> dict:
        if self.instance is not None:
            for name in ("opportunity", "contact", "company"):
                if name in attrs and attrs.pop(name) != getattr(self.instance, name):
                    raise serializers.ValidationError({name: [SUBJECT_HELP]})
        return super().validate(attrs)


class NoteSerializer(SubjectSerializerMixin, WorkspaceModelSerializer):
    author = ActorField("author")

    class Meta:
        model = Note
        fields = [
            "id",
            "body",
            "pinned",
            "opportunity",
            "contact",
            "company",
            "author",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"body": {"max_length": 20000}}


class AttachmentSerializer(SubjectSerializerMixin, WorkspaceModelSerializer):
    file = serializers.FileField(
        write_only=True,
        help_text=f"The file, as multipart form data ({max_upload_bytes()} bytes at most).",
    )
    name = serializers.CharField(
        max_length=255, required=False, help_text="Defaults to the uploaded file's name."
    )
    uploaded_by = ActorField("uploaded_by")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "file",
            "name",
            "description",
            "content_type",
            "size",
            "sha256",
            "opportunity",
            "contact",
            "company",
            "uploaded_by",
            "download_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["content_type", "size", "sha256", "created_at", "updated_at"]

    @extend_schema_field(serializers.URLField())
    def get_download_url(self, attachment: Attachment) -> str:
        """Answers only to a credential of the same workspace."""
        return reverse(
            "sales-files-download", args=[attachment.pk], request=self.context.get("request")
        )


class DealActivitySerializer(WorkspaceModelSerializer):
    opportunity = WorkspaceRelatedField(
        queryset=Opportunity.objects.all(), help_text="The deal; fixed once logged."
    )
    contacts = WorkspaceRelatedField(
        queryset=Contact.objects.all(),
        many=True,
        required=False,
        help_text="The contacts who took part.",
    )
    users = WorkspaceMemberField(
        many=True, required=False, help_text="The members of the workspace who took part."
    )
    channel = serializers.ChoiceField(
        choices=DealActivity._meta.get_field("channel").choices,
        required=False,
        allow_blank=True,
        help_text="Defaults by kind: phone for a call, email for an email, video for a "
        "meeting, chat for a message.",
    )
    occurred_at = serializers.DateTimeField(required=False, help_text="Defaults to now.")
    logged_by = ActorField("logged_by")

    class Meta:
        model = DealActivity
        fields = [
            "id",
            "opportunity",
            "kind",
            "channel",
            "direction",
            "occurred_at",
            "duration_seconds",
            "subject",
            "body",
            "outcome",
            "contacts",
            "users",
            "external_id",
            "logged_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "external_id": {"help_text": "The id in the source system; unique in the workspace."}
        }

    def validate(self, attrs: dict) -> dict:
        if self.instance is not None:
            if "opportunity" in attrs and attrs.pop("opportunity") != self.instance.opportunity:
                raise serializers.ValidationError(
                    {"opportunity": ["An activity stays on its deal."]}
                )
        else:
            attrs.setdefault("occurred_at", timezone.now())
        return attrs
