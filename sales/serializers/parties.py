"""Request and response bodies of companies and contacts."""

from rest_framework import serializers

from simplycrm.api.serializers import WorkspaceModelSerializer, WorkspaceRelatedField

from ..models import Company, Contact
from ..services.parties import normalize_domain
from .common import CustomFieldsField, TagListField, WorkspaceMemberField


class CompanySerializer(WorkspaceModelSerializer):
    owner = WorkspaceMemberField(required=False, allow_null=True)
    tags = TagListField()
    custom_fields = CustomFieldsField()

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "domain",
            "industry",
            "size",
            "phone",
            "website",
            "city",
            "country",
            "description",
            "owner",
            "tags",
            "custom_fields",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"domain": {"help_text": "Unique in the workspace; stored bare."}}

    def validate_domain(self, value: str) -> str:
        try:
            return normalize_domain(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def validate_country(self, value: str) -> str:
        if value and not value.isalpha():
            raise serializers.ValidationError("Use a two-letter ISO 3166 country code.")
        return value.upper()


class ContactSerializer(WorkspaceModelSerializer):
    company = WorkspaceRelatedField(
        queryset=Company.objects.all(),
        required=False,
        allow_null=True,
        help_text="The company the person mainly works for.",
    )
    companies = WorkspaceRelatedField(
        queryset=Company.objects.all(),
        many=True,
        required=False,
        help_text="Every company the person is linked to; includes `company`.",
    )
    owner = WorkspaceMemberField(required=False, allow_null=True)
    full_name = serializers.CharField(read_only=True)
    tags = TagListField()
    custom_fields = CustomFieldsField()

    class Meta:
        model = Contact
        fields = [
            "id",
            "first_name",
            "last_name",
            "full_name",
            "email",
            "phone",
            "mobile",
            "title",
            "lifecycle_stage",
            "source",
            "company",
            "companies",
            "owner",
            "tags",
            "custom_fields",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"email": {"help_text": "Unique in the workspace; stored lower-case."}}

    def validate_email(self, value: str) -> str:
        return value.strip().lower()

    def validate(self, attrs: dict) -> dict:
        def current(name: str) -> str:
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name, "") if self.instance else ""

        if not any(current(name).strip() for name in ("first_name", "last_name", "email")):
            raise serializers.ValidationError(
                {"first_name": ["A contact needs a first name, a last name or an email."]}
            )
        return attrs
