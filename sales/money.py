"""Amounts of money in sales: stored like the catalogue's prices, rounded per currency.

The catalogue owns the list of currencies and how many decimals each uses; deals, orders and
invoices follow it, so a JPY order has no cents and a KWD one has three decimals.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from catalog.currencies import (
    DEFAULT_CURRENCY,
    MINOR_UNITS,
    MONEY_DECIMAL_PLACES,
    MONEY_MAX_DIGITS,
    fits_currency,
    format_amount,
    is_currency,
)

__all__ = [
    "DEFAULT_CURRENCY",
    "ZERO",
    "fits_currency",
    "format_amount",
    "is_currency",
    "money_field",
    "round_money",
]

ZERO = Decimal("0")


def money_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs
    )


def round_money(amount: Decimal, currency: str) -> Decimal:
    """`amount` rounded half up to the decimals `currency` uses."""
    places = MINOR_UNITS.get(currency, MONEY_DECIMAL_PLACES)
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
