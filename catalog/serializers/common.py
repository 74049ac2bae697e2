"""Fields and helpers the catalogue's serializers share."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import get_attribute

from catalog.actors import ChangeSource
from catalog.currencies import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, format_amount
from catalog.models.inventory import QUANTITY_DECIMAL_PLACES, QUANTITY_MAX_DIGITS

_JSON_SCALARS = (str, int, float, bool, type(None))


class MoneyField(serializers.DecimalField):
    """An amount as a decimal string, never negative, shown with its currency's decimals."""

    def __init__(self, *, currency_source: str = "currency", **kwargs):
        kwargs.setdefault("max_digits", MONEY_MAX_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_DECIMAL_PLACES)
        kwargs.setdefault("min_value", Decimal(0))
        # Dotted path, from the object serialized, to the currency of this amount.
        self.currency_source = currency_source.split(".")
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        amount = super().get_attribute(instance)
        if amount is None:
            return None
        return amount, get_attribute(instance, self.currency_source)

    def to_representation(self, value):
        amount, currency = value
        return format_amount(Decimal(amount), currency)


def quantity_field(**kwargs) -> serializers.DecimalField:
    """A stock quantity: a decimal string with the lot's three decimals."""
    return serializers.DecimalField(
        max_digits=QUANTITY_MAX_DIGITS, decimal_places=QUANTITY_DECIMAL_PLACES, **kwargs
    )


def json_object(value, *, max_keys: int, allow_lists: bool) -> dict:
    """A flat JSON object of at most `max_keys` short keys with scalar (or list) values."""
    if not isinstance(value, dict):
        raise serializers.ValidationError("Expected a JSON object.")
    if len(value) > max_keys:
        raise serializers.ValidationError(f"At most {max_keys} keys.")
    for key, item in value.items():
        if not key.strip() or len(key) > 64:
            raise serializers.ValidationError("Keys are 1 to 64 characters long.")
        items = item if allow_lists and isinstance(item, list) else [item]
        if not all(isinstance(element, _JSON_SCALARS) for element in items):
            kinds = "a text, a number, a boolean" + (" or a list of those" if allow_lists else "")
            raise serializers.ValidationError(f"{key!r} must be {kinds}.")
    return value


@extend_schema_field(
    {
        "type": "string",
        "description": "How the change came in: "
        + ", ".join(f"`{value}`" for value in ChangeSource.values)
        + ".",
    }
)
class ChangeSourceField(serializers.ChoiceField):
    """Described in words in the schema, not as an enum component: other modules call a
    different choice set `source`, and two enums of one name make the schema ambiguous."""

    def __init__(self, **kwargs):
        super().__init__(choices=ChangeSource.choices, read_only=True, **kwargs)


class CatalogActorSerializer(serializers.Serializer):
    """Who made a catalogue change: a user or a workspace API key."""

    kind = serializers.CharField(help_text="`user` or `api_key`.")
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="The username, or the key's prefix and name.")


def actor_summary(user, api_key) -> dict | None:
    """Who acted: the workspace key when one did, else the user; None for a script."""
    if api_key is not None:
        return {"kind": "api_key", "id": api_key.pk, "name": str(api_key)}
    if user is not None:
        return {"kind": "user", "id": user.pk, "name": user.get_username()}
    return None
