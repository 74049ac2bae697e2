"""Query-string filters of the sales lists.

References are filtered by id with plain number filters: a choice filter would check the id
against every workspace's rows and so tell a caller which ids exist elsewhere.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone

from .models import (
    Attachment,
    Company,
    Contact,
    DealActivity,
    Invoice,
    InvoiceStatus,
    Note,
    Opportunity,
    Order,
    Pipeline,
)


class TaggedFilterSet(django_filters.FilterSet):
    tag = django_filters.CharFilter(
        field_name="tags__name", lookup_expr="iexact", label="Has this tag"
    )


class CompanyFilterSet(TaggedFilterSet):
    owner = django_filters.NumberFilter(field_name="owner_id")
    industry = django_filters.CharFilter(lookup_expr="iexact")
    country = django_filters.CharFilter(lookup_expr="iexact")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Company
        fields = ["owner", "industry", "size", "country", "tag", "updated_after"]


class ContactFilterSet(TaggedFilterSet):
    owner = django_filters.NumberFilter(field_name="owner_id")
    company = django_filters.NumberFilter(field_name="companies__id", label="Linked to company")
    email = django_filters.CharFilter(lookup_expr="iexact")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Contact
        fields = ["owner", "company", "email", "lifecycle_stage", "tag", "updated_after"]


class PipelineFilterSet(django_filters.FilterSet):
    class Meta:
        model = Pipeline
        fields = ["is_default"]


class OpportunityFilterSet(TaggedFilterSet):
    pipeline = django_filters.NumberFilter(field_name="pipeline_id")
    stage = django_filters.NumberFilter(field_name="stage_id")
    owner = django_filters.NumberFilter(field_name="owner_id")
    company = django_filters.NumberFilter(field_name="company_id")
    contact = django_filters.NumberFilter(field_name="contacts__id", label="Involves contact")
    currency = django_filters.CharFilter(lookup_expr="iexact")
    amount_min = django_filters.NumberFilter(field_name="amount", lookup_expr="gte")
    amount_max = django_filters.NumberFilter(field_name="amount", lookup_expr="lte")
    close_after = django_filters.DateFilter(field_name="expected_close_date", lookup_expr="gte")
    close_before = django_filters.DateFilter(field_name="expected_close_date", lookup_expr="lte")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Opportunity
        fields = [
            "pipeline",
            "stage",
            "owner",
            "status",
            "company",
            "contact",
            "currency",
            "source",
            "amount_min",
            "amount_max",
            "close_after",
            "close_before",
            "tag",
            "updated_after",
        ]


class SubjectFilterSet(django_filters.FilterSet):
    opportunity = django_filters.NumberFilter(field_name="opportunity_id")
    contact = django_filters.NumberFilter(field_name="contact_id")
    company = django_filters.NumberFilter(field_name="company_id")


class NoteFilterSet(SubjectFilterSet):
    author = django_filters.NumberFilter(field_name="author_id")

    class Meta:
        model = Note
        fields = ["opportunity", "contact", "company", "author", "pinned"]


class AttachmentFilterSet(SubjectFilterSet):
    class Meta:
        model = Attachment
        fields = ["opportunity", "contact", "company", "content_type"]


class DealActivityFilterSet(django_filters.FilterSet):
    opportunity = django_filters.NumberFilter(field_name="opportunity_id")
    contact = django_filters.NumberFilter(field_name="contacts__id", label="With contact")
    user = django_filters.NumberFilter(field_name="users__id", label="With member")
    occurred_after = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="lte")

    class Meta:
        model = DealActivity
        fields = [
            "opportunity",
            "contact",
            "user",
            "kind",
            "channel",
            "direction",
            "outcome",
            "occurred_after",
            "occurred_before",
        ]


class OrderFilterSet(django_filters.FilterSet):
    company = django_filters.NumberFilter(field_name="company_id")
    contact = django_filters.NumberFilter(field_name="contact_id")
    opportunity = django_filters.NumberFilter(field_name="opportunity_id")
    currency = django_filters.CharFilter(lookup_expr="iexact")
    total_min = django_filters.NumberFilter(field_name="total", lookup_expr="gte")
    total_max = django_filters.NumberFilter(field_name="total", lookup_expr="lte")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lte")

    class Meta:
        model = Order
        fields = [
            "status",
            "company",
            "contact",
            "opportunity",
            "currency",
            "total_min",
            "total_max",
            "created_after",
            "created_before",
        ]


class InvoiceFilterSet(django_filters.FilterSet):
    order = django_filters.NumberFilter(field_name="order_id")
    company = django_filters.NumberFilter(field_name="order__company_id")
    number = django_filters.CharFilter(lookup_expr="iexact")
    issued_after = django_filters.DateFilter(field_name="issue_date", lookup_expr="gte")
    issued_before = django_filters.DateFilter(field_name="issue_date", lookup_expr="lte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Issued, unpaid and past its due date"
    )

    class Meta:
        model = Invoice
        fields = [
            "status",
            "order",
            "company",
            "number",
            "issued_after",
            "issued_before",
            "due_before",
            "overdue",
        ]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=InvoiceStatus.ISSUED, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
