"""A demo catalogue: an outdoor and home goods shop with its suppliers, stock and price changes.

Called by `manage.py seed_demo` for each demo workspace. Safe to run again: rows that exist are
kept as they are, and lots and price changes are only made for products created by this run.
The same workspace always gets the same catalogue (the random choices are seeded by its slug);
dates are relative to the day of the run. Inventory is only stocked in workspaces whose plan
has it.
"""

import logging
import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Model
from django.utils import timezone

from accounts.models import User, Workspace

from .actors import ChangeActor, ChangeSource, acting_as
from .models import Category, PriceChange, Product, StockMovement, Supplier, TaxClass, Unit
from .services import (
    category_create,
    lot_create,
    product_create,
    product_update,
    stock_move,
    supplier_create,
    variant_update,
)

logger = logging.getLogger(__name__)

# slug, parent slug, name
CATEGORIES = [
    ("apparel", None, "Apparel"),
    ("t-shirts", "apparel", "T-shirts"),
    ("jackets", "apparel", "Jackets"),
    ("home-kitchen", None, "Home & Kitchen"),
    ("cookware", "home-kitchen", "Cookware"),
    ("tableware", "home-kitchen", "Tableware"),
    ("outdoor", None, "Outdoor"),
    ("camping", "outdoor", "Camping"),
    ("cycling", "outdoor", "Cycling"),
    ("coffee", None, "Coffee"),
]

SIZES = ["S", "M", "L", "XL"]
# Options whose larger values cost more, in steps of 35 % of the product's price.
STEPPED_OPTIONS = {"diameter", "capacity", "volume", "length"}

# category, SKU, name, price (EUR), unit, variants: (options, price override or None)
PRODUCTS = [
    ("t-shirts", "TS-001", "Organic Cotton Tee", "24.90", Unit.PIECE, "size-colour:white,navy"),
    ("t-shirts", "TS-002", "Merino Crew Tee", "59.00", Unit.PIECE, "size-colour:charcoal,forest"),
    ("t-shirts", "TS-003", "Linen Pocket Tee", "39.00", Unit.PIECE, "size-colour:sand,sky"),
    ("t-shirts", "TS-004", "Striped Breton Tee", "34.50", Unit.PIECE, "size-colour:navy,red"),
    ("t-shirts", "TS-005", "Heavyweight Tee", "29.00", Unit.PIECE, "size-colour:black,ecru"),
    ("t-shirts", "TS-006", "Performance Run Tee", "32.00", Unit.PIECE, "size-colour:lime,grey"),
    ("jackets", "JK-001", "Rain Shell Jacket", "149.00", Unit.PIECE, "size"),
    ("jackets", "JK-002", "Down Puffer Jacket", "219.00", Unit.PIECE, "size"),
    ("jackets", "JK-003", "Waxed Field Jacket", "189.00", Unit.PIECE, "size"),
    ("jackets", "JK-004", "Fleece Zip Jacket", "79.00", Unit.PIECE, "size"),
    ("jackets", "JK-005", "Softshell Jacket", "129.00", Unit.PIECE, "size"),
    ("cookware", "CW-001", "Cast Iron Skillet", "45.00", Unit.PIECE, "diameter:20 cm,26 cm,30 cm"),
    ("cookware", "CW-002", "Carbon Steel Wok", "69.00", Unit.PIECE, ""),
    ("cookware", "CW-003", "Stainless Saucepan", "54.00", Unit.PIECE, "capacity:1.5 l,2.5 l"),
    ("cookware", "CW-004", "Enamel Dutch Oven", "119.00", Unit.PIECE, "capacity:4 l,6 l"),
    ("cookware", "CW-005", "Copper Frying Pan", "159.00", Unit.PIECE, ""),
    (
        "tableware",
        "TW-001",
        "Stoneware Dinner Plate",
        "18.50",
        Unit.PIECE,
        "colour:chalk,slate,moss",
    ),
    ("tableware", "TW-002", "Porcelain Mug", "12.00", Unit.PIECE, "colour:white,ochre,teal"),
    ("tableware", "TW-003", "Linen Napkins, set of 4", "28.00", Unit.PACK, "colour:oat,rust"),
    ("tableware", "TW-004", "Glass Tumblers, set of 6", "36.00", Unit.PACK, ""),
    ("tableware", "TW-005", "Oak Serving Board", "42.00", Unit.PIECE, ""),
    ("camping", "CP-001", "Two-Person Tent", "249.00", Unit.PIECE, ""),
    ("camping", "CP-002", "Down Sleeping Bag", "189.00", Unit.PIECE, "length:regular,long"),
    ("camping", "CP-003", "Compact Camp Stove", "89.00", Unit.PIECE, ""),
    ("camping", "CP-004", "Titanium Spork", "12.90", Unit.PIECE, ""),
    ("camping", "CP-005", "Insulated Bottle", "29.00", Unit.PIECE, "volume:500 ml,750 ml"),
    ("cycling", "CY-001", "City Bike Helmet", "65.00", Unit.PIECE, "size:S,M,L"),
    ("cycling", "CY-002", "LED Light Set", "39.90", Unit.PIECE, ""),
    ("cycling", "CY-003", "Folding Bike Lock", "54.00", Unit.PIECE, ""),
    ("cycling", "CY-004", "Cycling Gloves", "24.00", Unit.PIECE, "size:S,M,L"),
    ("cycling", "CY-005", "Waterproof Pannier", "89.00", Unit.PIECE, ""),
    ("coffee", "CF-001", "Ethiopia Yirgacheffe", "11.50", Unit.PACK, "weight:250 g,1 kg"),
    ("coffee", "CF-002", "Colombia Huila", "10.50", Unit.PACK, "weight:250 g,1 kg"),
    ("coffee", "CF-003", "Guatemala Antigua", "10.90", Unit.PACK, "weight:250 g,1 kg"),
    ("coffee", "CF-004", "House Espresso Blend", "9.80", Unit.PACK, "weight:250 g,1 kg"),
    ("coffee", "CF-005", "Swiss Water Decaf", "11.90", Unit.PACK, "weight:250 g,1 kg"),
]

# name, contact, email, currency, lead time in days, categories supplied, units per euro
SUPPLIERS = [
    ("Nordic Textiles AB", "Ingrid Larsson", "orders@nordictextiles.example", "SEK", 21,
     ("t-shirts", "jackets"), "11.50"),
    ("Maison Fonte SARL", "Claire Dubois", "commandes@maisonfonte.example", "EUR", 14,
     ("cookware", "tableware"), "1"),
    ("Trailhead Supply Ltd", "Tom Hughes", "trade@trailhead.example", "GBP", 10,
     ("camping", "cycling"), "0.85"),
    ("Finca La Esperanza", "Lucía Ramírez", "export@laesperanza.example", "USD", 35,
     ("coffee",), "1.08"),
]  # fmt: skip

LOCATIONS = ["WH-PARIS", "WH-LYON", "STORE-MARAIS"]
CENT = Decimal("0.01")


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _ean13(number: int) -> str:
    """A valid EAN-13 in the 200-299 range GS1 leaves for in-store numbering."""
    digits = f"200{number:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


def _variant_items(sku: str, spec: str, price: Decimal, barcode_base: int) -> list[dict]:
    """The variants a spec like "size", "size-colour:a,b" or "weight:250 g,1 kg" describes."""
    if not spec:
        return []
    if spec == "size":
        combos = [({"size": size}, Decimal("10") if size == "XL" else None) for size in SIZES]
    elif spec.startswith("size-colour:"):
        colours = spec.split(":", 1)[1].split(",")
        combos = [({"size": s, "colour": c}, None) for c in colours for s in SIZES]
    else:
        key, values = spec.split(":", 1)
        steps = values.split(",")
        # A bigger pan, bottle or bag costs more; another colour or glove size does not.
        factors = [Decimal(1)] * len(steps)
        if key == "weight":
            factors = [Decimal(1), Decimal("3.4")]
        elif key in STEPPED_OPTIONS:
            factors = [Decimal(1) + Decimal("0.35") * index for index in range(len(steps))]
        combos = [
            ({key: value}, None if factor == 1 else factor * price - price)
            for value, factor in zip(steps, factors, strict=True)
        ]
    items = []
    for index, (options, extra) in enumerate(combos):
        suffix = "-".join(str(value).replace(" ", "").upper() for value in options.values())
        items.append(
            {
                "sku": f"{sku}-{suffix}",
                "options": options,
                "price": _money(price + extra) if extra is not None else None,
                "barcode": _ean13(barcode_base + index),
                "position": index,
            }
        )
    return items


def _backdate(model: type[Model], workspace: Workspace, after_id: int, when) -> None:
    """Date the rows written since `after_id` in the past, so the history reads naturally."""
    model.objects.filter(workspace=workspace, pk__gt=after_id).update(created_at=when)


def _last_id(model: type[Model]) -> int:
    return model.objects.aggregate(last=Max("pk"))["last"] or 0


def seed(*, workspace: Workspace, owner: User) -> None:
    """Load the demo catalogue into `workspace`, adding only what is missing."""
    rng = random.Random(f"catalog:{workspace.slug}")  # noqa: S311 (demo data, not secrets)
    now = timezone.now()
    actor = ChangeActor(user=owner, source=ChangeSource.IMPORT)

    categories: dict[str, Category] = {}
    for position, (slug, parent_slug, name) in enumerate(CATEGORIES):
        existing = Category.objects.for_workspace(workspace).filter(slug=slug).first()
        categories[slug] = existing or category_create(
            workspace=workspace,
            name=name,
            slug=slug,
            parent=categories.get(parent_slug) if parent_slug else None,
            position=position,
        )

    created: list[Product] = []
    with acting_as(actor):
        for index, (category, sku, name, price, unit, spec) in enumerate(PRODUCTS):
            if Product.objects.for_workspace(workspace).filter(sku=sku).exists():
                continue
            since = _last_id(PriceChange)
            product = product_create(
                workspace=workspace,
                name=name,
                sku=sku,
                price=Decimal(price),
                currency="EUR",
                category=categories[category],
                unit=unit,
                tax_class=TaxClass.REDUCED if category == "coffee" else TaxClass.STANDARD,
                description=f"{name}, from our {categories[category].name.lower()} range.",
                attributes={"origin": rng.choice(["EU", "EU", "UK", "Sweden", "Portugal"])},
                variants=_variant_items(sku, spec, Decimal(price), index * 20),
                actor=actor,
            )
            _backdate(PriceChange, workspace, since, now - timedelta(days=200))
            created.append(product)

    if created:
        _seed_suppliers(workspace=workspace, rng=rng)
        _seed_price_changes(products=created, rng=rng, actor=actor, now=now)
        if "catalog.inventory" in workspace.feature_flags:
            _seed_inventory(workspace=workspace, products=created, rng=rng, actor=actor, now=now)

    logger.info(
        "catalog.demo_seeded",
        extra={"workspace_id": workspace.pk, "products_created": len(created)},
    )


def _seed_suppliers(*, workspace: Workspace, rng: random.Random) -> None:
    products = list(Product.objects.for_workspace(workspace).select_related("category"))
    for name, contact, email, currency, lead_time, category_slugs, rate in SUPPLIERS:
        if Supplier.objects.for_workspace(workspace).filter(name=name).exists():
            continue
        supplied = [p for p in products if p.category and p.category.slug in category_slugs]
        supplier_create(
            workspace=workspace,
            name=name,
            contact_name=contact,
            email=email,
            currency=currency,
            lead_time_days=lead_time,
            products=[
                {
                    "product": product,
                    "supplier_sku": f"{name[:3].upper()}-{rng.randint(10000, 99999)}",
                    "cost": _money(product.price * Decimal(rate) * Decimal(rng.uniform(0.4, 0.55))),
                }
                for product in supplied
            ],
        )


def _seed_price_changes(
    *, products: list[Product], rng: random.Random, actor: ChangeActor, now
) -> None:
    """Some products change price once or twice over the months; some variants too."""
    for product in rng.sample(products, k=min(12, len(products))):
        days_ago = 150
        for _ in range(rng.choice([1, 1, 2])):
            days_ago -= rng.randint(20, 60)
            factor = Decimal(str(rng.choice([0.9, 0.95, 1.05, 1.08, 1.12])))
            since = _last_id(PriceChange)
            product_update(
                product=product, data={"price": _money(product.price * factor)}, actor=actor
            )
            _backdate(PriceChange, product.workspace, since, now - timedelta(days=days_ago))

    overridden = [v for p in products for v in p.variants.all() if v.price is not None]
    for variant in rng.sample(overridden, k=min(4, len(overridden))):
        since = _last_id(PriceChange)
        variant_update(variant=variant, data={"price": variant.price + Decimal(5)}, actor=actor)
        _backdate(PriceChange, variant.workspace, since, now - timedelta(days=rng.randint(3, 30)))


def _seed_inventory(
    *,
    workspace: Workspace,
    products: list[Product],
    rng: random.Random,
    actor: ChangeActor,
    now,
) -> None:
    """A lot or two of most products in the Paris warehouse, then sales and a few transfers."""
    today = timezone.localdate()
    for sequence, product in enumerate(products, start=1):
        variants = list(product.variants.all())
        for variant in rng.sample(variants, k=min(2, len(variants))) if variants else [None]:
            received = today - timedelta(days=rng.randint(20, 120))
            since = _last_id(StockMovement)
            lot = lot_create(
                workspace=workspace,
                product=product,
                variant=variant,
                lot_number=f"L{received:%y%m}-{sequence:03d}{rng.randint(0, 9)}",
                location="WH-PARIS",
                quantity=Decimal(rng.randint(40, 200)),
                received_on=received,
                expires_on=received + timedelta(days=270) if product.sku.startswith("CF") else None,
                actor=actor,
            )
            _backdate(StockMovement, workspace, since, now - (today - received))

            for _ in range(rng.randint(0, 3)):
                since = _last_id(StockMovement)
                stock_move(
                    lot=lot,
                    kind="sale",
                    quantity=Decimal(rng.randint(1, 10)),
                    reference=f"SO-{rng.randint(10000, 99999)}",
                    actor=actor,
                )
                _backdate(StockMovement, workspace, since, now - timedelta(days=rng.randint(1, 19)))
            if rng.random() < 0.25:
                stock_move(
                    lot=lot,
                    kind="transfer",
                    quantity=Decimal(rng.randint(1, 10)),
                    to_location=rng.choice(LOCATIONS[1:]),
                    actor=actor,
                )
