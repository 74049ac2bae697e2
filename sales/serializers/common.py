"""Fields the sales serializers share."""

import re
from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import get_attribute

from accounts.models import User
from catalog.currencies import MINOR_UNITS, MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from simplycrm.api.serializers import StrictSerializer

from ..money import DEFAULT_CURRENCY, ZERO, fits_currency, format_amount, is_currency

MAX_CUSTOM_FIELDS = 50
_CUSTOM_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")


class ActorSerializer(StrictSerializer):
    """Who did something: a member, or a workspace API key."""

    type = serializers.ChoiceField(choices=["user", "api_key"])
    id = serializers.IntegerField()
    name = serializers.CharField()


def actor_data(user: User | None, api_key) -> dict | None:
    if user is not None:
        return {"type": "user", "id": user.pk, "name": user.get_full_name() or user.username}
    if api_key is not None:
        return {"type": "api_key", "id": api_key.pk, "name": api_key.name or api_key.prefix}
    return None


@extend_schema_field(ActorSerializer(allow_null=True))
class ActorField(serializers.Field):
    """Read-only: the member or key held in two columns of the row (`<who>`, `<who>_api_key`)."""

    def __init__(self, who: str, **kwargs):
        self.who = who
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance) -> dict | None:
        return actor_data(getattr(instance, self.who), getattr(instance, f"{self.who}_api_key"))


class WorkspaceMemberField(serializers.PrimaryKeyRelatedField):
    """A user by id who is a member of the caller's workspace; anyone else is invalid."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", User.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        workspace = self.context.get("workspace")
        if workspace is None:
            return User.objects.none()
        return super().get_queryset().filter(memberships__workspace=workspace)


@extend_schema_field({"type": "array", "items": {"type": "string", "maxLength": 50}})
class TagListField(serializers.ListField):
    """Tag names; sending a list replaces the tags, and unknown names become new tags."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        super().__init__(child=serializers.CharField(max_length=50), **kwargs)

    def to_representation(self, value) -> list[str]:
        return sorted(tag.name for tag in value.all())


@extend_schema_field(OpenApiTypes.OBJECT)
class CustomFieldsField(serializers.JSONField):
    """The workspace's own fields: an object of short keys to text, numbers, booleans or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        if not isinstance(data, dict):
            raise serializers.ValidationError("Expected an object of keys to values.")
        if len(data) > MAX_CUSTOM_FIELDS:
            raise serializers.ValidationError(f"At most {MAX_CUSTOM_FIELDS} custom fields.")
        for key, value in data.items():
            if not _CUSTOM_KEY.match(key):
                raise serializers.ValidationError(
                    f"{key!r}: keys start with a letter and hold letters, digits and _ "
                    "(64 at most)."
                )
            if isinstance(value, str) and len(value) > 1000:
                raise serializers.ValidationError(f"{key!r}: text is at most 1000 characters.")
            if value is not None and not isinstance(value, (str, int, float, bool)):
                raise serializers.ValidationError(
                    f"{key!r}: values are text, numbers, booleans or null."
                )
        return data


class CurrencyField(serializers.CharField):
    """An ISO 4217 code such as USD or EUR; lower case is accepted and stored upper-case."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data).strip().upper()
        if not is_currency(code):
            raise serializers.ValidationError(f"{code} is not an ISO 4217 currency code.")
        return code


class MoneyField(serializers.DecimalField):
    """An amount as a decimal string with its currency's decimals ("19.90", "1500" in JPY).

    Whether a written amount has too many decimals for its currency is checked by the
    serializer, which knows the currency.
    """

    def __init__(self, *, currency_source: str = "currency", **kwargs):
        kwargs.setdefault("max_digits", MONEY_MAX_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_DECIMAL_PLACES)
        kwargs.setdefault("min_value", ZERO)
        # Dotted path from the serialized object to the amount's currency.
        self.currency_source = currency_source.split(".")
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        amount = super().get_attribute(instance)
        return None if amount is None else (amount, get_attribute(instance, self.currency_source))

    def to_representation(self, value):
        amount, currency = value
        return format_amount(Decimal(amount), currency)


def check_money(attrs: dict, instance, fields: tuple[str, ...]) -> None:
    """Refuse amounts with more decimals than the currency (given or current) uses."""
    currency = attrs.get("currency") or getattr(instance, "currency", None) or DEFAULT_CURRENCY
    # A new currency applies to the amounts already stored as well as to those sent.
    amounts = {name: attrs.get(name, getattr(instance, name, None)) for name in fields}
    errors = {
        name: [f"{currency} amounts have at most {MINOR_UNITS.get(currency, 3)} decimals."]
        for name, amount in amounts.items()
        if amount is not None and not fits_currency(amount, currency)
    }
    if errors:
        raise serializers.ValidationError(errors)
