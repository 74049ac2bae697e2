"""Products and their variants; their prices record themselves (see `catalog.models.pricing`)."""

from collections.abc import Callable
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, router, transaction

from accounts.models import WorkspaceScopedModel, WorkspaceScopedQuerySet
from catalog.currencies import DEFAULT_CURRENCY, MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, is_currency

from .categories import Category
from .pricing import PriceState, product_price_states, record_price_changes, variant_price_states

# Letters, digits and - _ . / only: SKUs end up in URLs, barcodes and spreadsheets.
sku_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
    "Use letters, digits and - _ . / only, starting with a letter or a digit.",
)


def validate_currency(value: str) -> None:
    if not is_currency(value):
        raise ValidationError(
            "%(value)s is not an ISO 4217 currency code (e.g. EUR, USD, JPY).",
            params={"value": value},
            code="invalid_currency",
        )


class ProductStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class Unit(models.TextChoices):
    PIECE = "piece", "Piece"
    PACK = "pack", "Pack"
    BOX = "box", "Box"
    KILOGRAM = "kg", "Kilogram"
    GRAM = "g", "Gram"
    LITRE = "l", "Litre"
    MILLILITRE = "ml", "Millilitre"
    METRE = "m", "Metre"
    SQUARE_METRE = "m2", "Square metre"
    HOUR = "hour", "Hour"


class TaxClass(models.TextChoices):
    STANDARD = "standard", "Standard rate"
    REDUCED = "reduced", "Reduced rate"
    ZERO = "zero", "Zero rate"
    EXEMPT = "exempt", "Exempt"


PRODUCT_PRICE_FIELDS = frozenset({"price", "currency"})
VARIANT_PRICE_FIELDS = frozenset({"price"})


def _refuse_conflict_handling(model_name: str, ignore_conflicts: bool, update_conflicts: bool):
    if ignore_conflicts or update_conflicts:
        raise ValueError(
            f"{model_name}.objects.bulk_create() cannot skip or update conflicting rows: it would "
            "not know which prices it wrote, and price history must record each one."
        )


class PriceRecordingQuerySet(WorkspaceScopedQuerySet):
    """Bulk writes (`update()`, `bulk_create()`) that record the price changes they make."""

    # Subclasses set the columns whose change is a price change, and how to read the prices
    # of a set of rows (a staticmethod returning {pk: PriceState}).
    price_fields: frozenset[str] = frozenset()
    price_states: Callable[[models.QuerySet], dict[int, PriceState]]

    def record_updated(self, before: dict, after: dict) -> None:
        record_price_changes((before.get(pk), state) for pk, state in after.items())

    def _stored(self, pks) -> models.QuerySet:
        return self.model._base_manager.using(self.db).filter(pk__in=pks)

    def update(self, **kwargs) -> int:
        if not self.price_fields & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            before = self.price_states(self.select_for_update(of=("self",)))
            count = super().update(**kwargs)
            self.record_updated(before, self.price_states(self._stored(before)))
        return count

    def bulk_create(
        self,
        objs,
        batch_size=None,
        ignore_conflicts=False,
        update_conflicts=False,
        update_fields=None,
        unique_fields=None,
    ):
        _refuse_conflict_handling(self.model.__name__, ignore_conflicts, update_conflicts)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, batch_size=batch_size)
            pks = [obj.pk for obj in created if obj.pk is not None]
            after = self.price_states(self._stored(pks))
            record_price_changes((None, state) for state in after.values())
        return created


class ProductQuerySet(PriceRecordingQuerySet):
    price_fields = PRODUCT_PRICE_FIELDS
    price_states = staticmethod(product_price_states)

    def record_updated(self, before: dict, after: dict) -> None:
        # A new currency also re-prices the variants that carry their own price.
        _record_product_changes(before, after, using=self.db)


class Product(WorkspaceScopedModel):
    """Something the workspace sells; variants (sizes, colours, ...) may refine it."""

    name = models.CharField(max_length=200)
    # Unique per workspace, across products and variants alike.
    sku = models.CharField(max_length=64, validators=[sku_validator])
    description = models.TextField(blank=True)
    # A category still holding products cannot be deleted.
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="products"
    )
    status = models.CharField(
        max_length=10, choices=ProductStatus.choices, default=ProductStatus.ACTIVE
    )
    price = models.DecimalField(max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES)
    currency = models.CharField(
        max_length=3, default=DEFAULT_CURRENCY, validators=[validate_currency]
    )
    unit = models.CharField(max_length=10, choices=Unit.choices, default=Unit.PIECE)
    tax_class = models.CharField(max_length=10, choices=TaxClass.choices, default=TaxClass.STANDARD)
    # Free-form facts about the product (material, weight, ...), as a JSON object.
    attributes = models.JSONField(default=dict, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "sku"], name="catalog_product_sku_uniq"),
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="catalog_product_price_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "name"], name="catalog_prod_ws_name_idx"),
            models.Index(fields=["workspace", "price"], name="catalog_prod_ws_price_idx"),
            models.Index(fields=["workspace", "status"], name="catalog_prod_ws_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"

    def clean(self) -> None:
        if self.category_id and self.category.workspace_id != self.workspace_id:
            raise ValidationError({"category": "The category belongs to another workspace."})

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not PRODUCT_PRICE_FIELDS & set(update_fields):
            return super().save(*args, **kwargs)

        using = kwargs.get("using") or router.db_for_write(Product, instance=self)
        with transaction.atomic(using=using):
            before: dict[int, PriceState] = {}
            if not self._state.adding and self.pk is not None:
                before = product_price_states(
                    Product._base_manager.using(using).select_for_update().filter(pk=self.pk)
                )
            super().save(*args, **kwargs)
            # Read back rather than trust the instance: the price may be an F() expression.
            after = product_price_states(Product._base_manager.using(using).filter(pk=self.pk))
            _record_product_changes(before, after, using=using)


def _record_product_changes(
    before: dict[int, PriceState], after: dict[int, PriceState], *, using: str
) -> None:
    """Record the products' changes, and the variants whose own price changed currency.

    A variant's own price is in its product's currency, so a new currency changes it too.
    """
    changes: list[tuple[PriceState | None, PriceState]] = [
        (before.get(pk), state) for pk, state in after.items()
    ]
    new_currency = {
        pk: state.currency
        for pk, state in after.items()
        if pk in before and before[pk].currency != state.currency
    }
    if new_currency:
        variants = ProductVariant._base_manager.using(using).filter(
            product_id__in=new_currency, price__isnull=False
        )
        for state in variant_price_states(variants).values():
            old = replace(state, currency=before[state.product_id].currency)
            changes.append((old, state))
    record_price_changes(changes)


class ProductVariantQuerySet(PriceRecordingQuerySet):
    price_fields = VARIANT_PRICE_FIELDS
    price_states = staticmethod(variant_price_states)


class ProductVariant(WorkspaceScopedModel):
    """A sellable version of a product (a size, a colour, ...) with its own SKU."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    # Unique per workspace, across products and variants alike.
    sku = models.CharField(max_length=64, validators=[sku_validator])
    # What sets this variant apart, e.g. {"size": "M", "colour": "red"}.
    options = models.JSONField(default=dict, blank=True)
    # Empty means the variant sells at its product's price, in the product's currency.
    price = models.DecimalField(
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        null=True,
        blank=True,
        help_text="Overrides the product's price; empty sells at the product's price.",
    )
    # EAN, UPC or an in-house code; unique per workspace when set.
    barcode = models.CharField(max_length=64, blank=True)
    # Order among the product's variants, smallest first.
    position = models.PositiveIntegerField(default=0)

    objects = ProductVariantQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "sku"], name="catalog_variant_sku_uniq"),
            models.UniqueConstraint(
                fields=["workspace", "barcode"],
                condition=~models.Q(barcode=""),
                name="catalog_variant_barcode_uniq",
            ),
            models.CheckConstraint(
                condition=models.Q(price__isnull=True) | models.Q(price__gte=0),
                name="catalog_variant_price_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["product", "position"], name="catalog_var_product_pos_idx"),
        ]

    def __str__(self) -> str:
        return self.sku

    @property
    def currency(self) -> str:
        return self.product.currency

    @property
    def effective_price(self):
        """What the variant sells at: its own price, else its product's."""
        return self.price if self.price is not None else self.product.price

    def clean(self) -> None:
        if self.product_id is None:
            return
        if self.workspace_id is None:
            self.workspace_id = self.product.workspace_id
        elif self.workspace_id != self.product.workspace_id:
            raise ValidationError({"product": "The product belongs to another workspace."})

    def save(self, *args, **kwargs):
        if self.workspace_id is None and self.product_id is not None:
            self.workspace_id = self.product.workspace_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not VARIANT_PRICE_FIELDS & set(update_fields):
            return super().save(*args, **kwargs)

        using = kwargs.get("using") or router.db_for_write(ProductVariant, instance=self)
        with transaction.atomic(using=using):
            before: dict[int, PriceState] = {}
            if not self._state.adding and self.pk is not None:
                before = variant_price_states(
                    ProductVariant._base_manager.using(using)
                    .select_for_update(of=("self",))
                    .filter(pk=self.pk)
                )
            super().save(*args, **kwargs)
            after = variant_price_states(
                ProductVariant._base_manager.using(using).filter(pk=self.pk)
            )
            record_price_changes((before.get(pk), state) for pk, state in after.items())
