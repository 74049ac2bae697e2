"""Checks the catalogue's services share; each failure is a 400 naming the field."""

from decimal import Decimal

from rest_framework.exceptions import ValidationError

from accounts.models import Workspace
from catalog.currencies import MINOR_UNITS, fits_currency, is_currency


def require_workspace(obj, workspace: Workspace, field: str) -> None:
    """Refuse a reference to a row of another workspace (the API never lets one through)."""
    if obj is not None and obj.workspace_id != workspace.pk:
        raise ValidationError({field: ["Not found in this workspace."]})


def check_currency(currency: str, field: str = "currency") -> None:
    if not is_currency(currency):
        raise ValidationError({field: [f"{currency} is not an ISO 4217 currency code."]})


def money_errors(amount: Decimal | None, currency: str) -> list[str]:
    """What is wrong with an amount in a currency (nothing for an empty amount)."""
    if amount is None:
        return []
    if amount < 0:
        return ["Must not be negative."]
    if is_currency(currency) and not fits_currency(amount, currency):
        places = MINOR_UNITS[currency]
        if places == 0:
            return [f"{currency} amounts have no decimal places."]
        return [f"{currency} amounts have at most {places} decimal places."]
    return []


def check_money(amount: Decimal | None, currency: str, field: str) -> None:
    errors = money_errors(amount, currency)
    if errors:
        raise ValidationError({field: errors})
