"""The currency table, and the demo catalogue."""

from decimal import Decimal

import pytest
from django.db import transaction

from accounts.models import Workspace
from accounts.plans import Plan
from catalog import demo
from catalog.currencies import CURRENCY_CODES, fits_currency, format_amount
from catalog.models import (
    Category,
    InventoryLot,
    PriceChange,
    Product,
    ProductVariant,
    StockMovement,
    Supplier,
)
from tests.factories import MembershipFactory, WorkspaceFactory


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("19.9", "EUR", "19.90"),
        ("19.900", "EUR", "19.90"),
        ("1500", "JPY", "1500"),
        ("1.125", "KWD", "1.125"),
        ("0", "USD", "0.00"),
        ("10.125", "EUR", "10.125"),
    ],
)
def test_amounts_show_their_currencys_decimals_and_never_hide_one(amount, currency, shown):
    assert format_amount(Decimal(amount), currency) == shown


def test_an_amount_fits_a_currency_when_it_has_no_more_decimals_than_the_currency():
    assert fits_currency(Decimal("100"), "JPY")
    assert fits_currency(Decimal("100.00"), "JPY")
    assert not fits_currency(Decimal("100.5"), "JPY")
    assert fits_currency(Decimal("1.125"), "BHD")
    assert not fits_currency(Decimal("1.125"), "EUR")


def test_the_currency_table_holds_active_codes_only():
    assert {"EUR", "USD", "GBP", "JPY", "CHF", "SEK", "KWD"} <= CURRENCY_CODES
    assert not {"XAU", "XDR", "XTS", "HRK", "CLF"} & CURRENCY_CODES
    assert all(len(code) == 3 and code.isupper() for code in CURRENCY_CODES)


# --- Demo data ------------------------------------------------------------------------------

CATALOG_MODELS = [
    Category,
    Product,
    ProductVariant,
    Supplier,
    InventoryLot,
    StockMovement,
    PriceChange,
]


def counts(workspace) -> dict[str, int]:
    return {m.__name__: m.objects.filter(workspace=workspace).count() for m in CATALOG_MODELS}


def snapshot(workspace) -> list:
    products = Product.objects.filter(workspace=workspace).order_by("sku")
    return [
        (p.sku, p.price, [(v.sku, v.price) for v in p.variants.order_by("sku")]) for p in products
    ]


@pytest.fixture
def acme(db) -> Workspace:
    return WorkspaceFactory(slug="acme", plan=Plan.ENTERPRISE)


def test_the_demo_catalogue_is_realistic(acme):
    owner = MembershipFactory(workspace=acme).user

    demo.seed(workspace=acme, owner=owner)

    found = counts(acme)
    assert found["Category"] >= 5
    assert found["Product"] >= 24
    assert found["ProductVariant"] >= found["Product"]
    assert found["Supplier"] >= 3
    assert found["InventoryLot"] >= 20
    assert StockMovement.objects.filter(workspace=acme, kind="sale").exists()
    assert StockMovement.objects.filter(workspace=acme, kind="transfer_in").exists()
    assert PriceChange.objects.filter(workspace=acme, old_price__isnull=False).count() >= 10
    assert Category.objects.filter(workspace=acme, parent__isnull=False).exists()
    assert not InventoryLot.objects.filter(quantity__lt=0).exists()


def test_the_demo_catalogue_is_idempotent(acme):
    owner = MembershipFactory(workspace=acme).user
    demo.seed(workspace=acme, owner=owner)
    first = counts(acme)

    demo.seed(workspace=acme, owner=owner)

    assert counts(acme) == first


def test_the_demo_catalogue_is_the_same_every_time(acme):
    owner = MembershipFactory(workspace=acme).user
    seen = []
    for _ in range(2):
        with transaction.atomic():
            demo.seed(workspace=acme, owner=owner)
            seen.append(snapshot(acme))
            transaction.set_rollback(True)

    assert seen[0] == seen[1]
    assert seen[0]


def test_plans_without_inventory_get_no_stock(db):
    workspace = WorkspaceFactory(plan=Plan.PRO)

    demo.seed(workspace=workspace, owner=MembershipFactory(workspace=workspace).user)

    assert Product.objects.filter(workspace=workspace).exists()
    assert not InventoryLot.objects.filter(workspace=workspace).exists()
