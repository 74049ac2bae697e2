import django_filters
from django.db.models import Q
from django.utils import timezone

from accounts.models import ApiKey


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
