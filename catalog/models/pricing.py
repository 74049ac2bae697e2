"""Price history, and the one recorder that writes it.

Every price change of a product or a variant is recorded by the model layer itself: `save()` and
the querysets' `update()` and `bulk_create()` of `Product` and `ProductVariant` call
`record_price_changes` in the same transaction as the write (`bulk_update()` goes through
`update()`). That is every way Django writes a row, so the API, the admin, an import or a shell
session all leave the same trace without having to remember to. Signals were not enough: they
do not fire for `update()` or `bulk_update()`. Recording in the services alone was not enough
either: the admin and any code that saves a model directly would bypass them. What remains
outside are raw SQL and fixtures loaded with `loaddata` (which saves in raw mode), neither of
which is how prices are meant to change.

Who made the change comes from `catalog.actors`: the code that knows the actor (a view, the
admin, an import) sets it around the write.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models

from accounts.models import WorkspaceScopedModel
from catalog.actors import ChangeSource, current_actor
from catalog.currencies import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS

logger = logging.getLogger(__name__)


class PriceChange(WorkspaceScopedModel):
    """One change of a product's or a variant's price: append-only, never edited."""

    # Both stay null-able so the history outlives a deleted product; `sku` keeps it findable.
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="price_changes",
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="price_changes",
    )
    sku = models.CharField(max_length=64, help_text="The SKU of the product or variant then.")
    # Null before a product's first price, or when a variant had no price of its own.
    old_price = models.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, null=True, blank=True
    )
    # Null when a variant's own price was removed (it then follows the product's price).
    new_price = models.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, null=True, blank=True
    )
    old_currency = models.CharField(max_length=3, blank=True)
    currency = models.CharField(max_length=3)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set instead of `changed_by` when a workspace API key made the change.
    changed_by_api_key = models.ForeignKey(
        "accounts.ApiKey", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=ChangeSource.choices)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "sku"], name="catalog_price_ws_sku_idx"),
            models.Index(fields=["workspace", "created_at"], name="catalog_price_ws_created_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.sku}: {self.old_price} {self.old_currency} -> {self.new_price} {self.currency}"
        )

    @property
    def changed_at(self):
        return self.created_at

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Price history is append-only; a recorded change cannot be edited.")
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class PriceState:
    """The price of one product or variant at one moment, as the recorder compares it."""

    workspace_id: int
    product_id: int
    variant_id: int | None
    sku: str
    price: Decimal | None
    currency: str

    def same_price(self, other: "PriceState") -> bool:
        return self.price == other.price and self.currency == other.currency


def product_price_states(queryset: models.QuerySet) -> dict[int, PriceState]:
    """The price state of each product of the queryset, by id."""
    rows = queryset.values_list("pk", "workspace_id", "sku", "price", "currency")
    return {
        pk: PriceState(workspace_id, pk, None, sku, price, currency)
        for pk, workspace_id, sku, price, currency in rows
    }


def variant_price_states(queryset: models.QuerySet) -> dict[int, PriceState]:
    """The price state of each variant of the queryset, by id; a variant's currency is its
    product's."""
    rows = queryset.values_list(
        "pk", "workspace_id", "product_id", "sku", "price", "product__currency"
    )
    return {
        pk: PriceState(workspace_id, product_id, pk, sku, price, currency)
        for pk, workspace_id, product_id, sku, price, currency in rows
    }


def record_price_changes(changes: Iterable[tuple[PriceState | None, PriceState]]) -> int:
    """Write a history row for each (before, after) pair whose price or currency differs.

    `before` is None for a row that did not exist yet: its first price counts as a change from
    nothing, so the history also says who set it. A new variant without a price of its own has
    nothing to record. Returns the number of rows written.
    """
    actor = current_actor()
    rows = []
    for before, after in changes:
        if before is None and after.price is None:
            continue
        if before is not None and before.same_price(after):
            continue
        rows.append(
            PriceChange(
                workspace_id=after.workspace_id,
                product_id=after.product_id,
                variant_id=after.variant_id,
                sku=after.sku,
                old_price=before.price if before else None,
                old_currency=before.currency if before else "",
                new_price=after.price,
                currency=after.currency,
                changed_by=actor.user,
                changed_by_api_key=actor.api_key,
                source=actor.source,
            )
        )
    # One save per row rather than a bulk insert: other modules follow price changes through
    # the model's post_save signal, which a bulk insert does not send.
    for row in rows:
        row.save()
        logger.info(
            "catalog.price_changed",
            extra={
                "workspace_id": row.workspace_id,
                "product_id": row.product_id,
                "variant_id": row.variant_id,
                "sku": row.sku,
                "old_price": str(row.old_price),
                "new_price": str(row.new_price),
                "currency": row.currency,
                "source": row.source,
                "user_id": actor.user.pk if actor.user else None,
                "api_key": actor.api_key.prefix if actor.api_key else None,
            },
        )
    return len(rows)
