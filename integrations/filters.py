"""FilterSets of the integrations lists."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from accounts.models import ApiKey

from .models import (
    ImportJob,
    IntegrationConnection,
    IntegrationLog,
    WebhookDelivery,
    WebhookSubscription,
)


class ApiKeyFilterSet(django_filters.FilterSet):
    is_active = django_filters.BooleanFilter(method="filter_is_active", label="Usable right now")

    class Meta:
        model = ApiKey
        fields = ["is_active"]

    def filter_is_active(self, queryset, name, value):
        usable = Q(revoked_at__isnull=True) & (
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )
        return queryset.filter(usable) if value else queryset.exclude(usable)


class WebhookSubscriptionFilterSet(django_filters.FilterSet):
    class Meta:
        model = WebhookSubscription
        fields = ["is_active"]


class WebhookDeliveryFilterSet(django_filters.FilterSet):
    event_type = django_filters.CharFilter(field_name="event__type")

    class Meta:
        model = WebhookDelivery
        fields = ["subscription", "status", "event_type"]


class IntegrationConnectionFilterSet(django_filters.FilterSet):
    class Meta:
        model = IntegrationConnection
        fields = ["kind", "status"]


class ImportJobFilterSet(django_filters.FilterSet):
    class Meta:
        model = ImportJob
        fields = ["target", "status", "dry_run"]


class IntegrationLogFilterSet(django_filters.FilterSet):
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = IntegrationLog
        fields = ["kind", "status", "subscription", "connection", "import_job", "delivery"]
