"""Concurrent stock movements: none is lost and no lot goes negative (PostgreSQL row locks)."""

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection, transaction
from rest_framework.exceptions import ValidationError

from catalog.models import InventoryLot, StockMovement
from catalog.services import lot_create, stock_move, stock_take

from .factories import ProductFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "sqlite" in settings.DATABASES["default"]["ENGINE"],
        reason="SQLite has no row locks (SELECT ... FOR UPDATE); CI runs this on PostgreSQL.",
    ),
]

WORKERS = 8


def run_concurrently(count: int, work) -> list[str]:
    """Start `count` threads together, each calling work(index) in its own transaction.

    Returns each thread's outcome: "ok", or the name of the exception it raised.
    """
    barrier = threading.Barrier(count)
    outcomes: list[str] = [""] * count

    def worker(index: int) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                work(index)
            outcomes[index] = "ok"
        except Exception as exc:  # the outcome is what the test checks
            outcomes[index] = type(exc).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def new_lot(quantity: int, location: str = "WH-1") -> InventoryLot:
    product = ProductFactory()
    return lot_create(
        workspace=product.workspace,
        product=product,
        lot_number="L-1",
        location=location,
        quantity=Decimal(quantity),
    )


def test_concurrent_sales_are_all_counted():
    lot = new_lot(100)

    outcomes = run_concurrently(
        WORKERS, lambda i: stock_move(lot=lot, kind="sale", quantity=Decimal(3))
    )

    assert outcomes == ["ok"] * WORKERS
    lot.refresh_from_db()
    assert lot.quantity == 100 - 3 * WORKERS
    sales = StockMovement.objects.filter(lot=lot, kind="sale")
    assert sales.count() == WORKERS
    assert sorted(sales.values_list("balance", flat=True)) == [
        100 - 3 * n for n in range(WORKERS, 0, -1)
    ]


def test_concurrent_sales_never_take_more_than_on_hand():
    lot = new_lot(5)

    outcomes = run_concurrently(
        WORKERS, lambda i: stock_move(lot=lot, kind="sale", quantity=Decimal(1))
    )

    assert outcomes.count("ok") == 5
    assert outcomes.count(ValidationError.__name__) == WORKERS - 5
    lot.refresh_from_db()
    assert lot.quantity == 0
    assert StockMovement.objects.filter(lot=lot, kind="sale").count() == 5


def test_concurrent_transfers_both_ways_neither_deadlock_nor_lose_stock():
    here = new_lot(50, location="HERE")
    there = lot_create(
        workspace=here.workspace,
        product=here.product,
        lot_number="L-1",
        location="THERE",
        quantity=Decimal(50),
    )

    def transfer(index: int) -> None:
        source, target = (here, "THERE") if index % 2 else (there, "HERE")
        stock_move(lot=source, kind="transfer", quantity=Decimal(2), to_location=target)

    outcomes = run_concurrently(WORKERS, transfer)

    assert outcomes == ["ok"] * WORKERS
    here.refresh_from_db()
    there.refresh_from_db()
    assert here.quantity + there.quantity == 100
    assert here.quantity == there.quantity == 50
    assert StockMovement.objects.filter(kind__startswith="transfer").count() == 2 * WORKERS


def test_concurrent_first_transfers_to_a_new_location_share_one_lot():
    lot = new_lot(40)

    outcomes = run_concurrently(
        WORKERS,
        lambda i: stock_move(lot=lot, kind="transfer", quantity=Decimal(1), to_location="SHOP"),
    )

    assert outcomes == ["ok"] * WORKERS
    shop = InventoryLot.objects.get(location="SHOP")
    assert shop.quantity == WORKERS
    lot.refresh_from_db()
    assert lot.quantity == 40 - WORKERS


def test_concurrent_takes_across_lots_never_oversell():
    first = new_lot(4)
    second = lot_create(
        workspace=first.workspace,
        product=first.product,
        lot_number="L-2",
        location="WH-1",
        quantity=Decimal(6),
    )

    outcomes = run_concurrently(
        WORKERS,
        lambda i: stock_take(workspace=first.workspace, product=first.product, quantity=Decimal(3)),
    )

    assert outcomes.count("ok") == 3
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.quantity + second.quantity == 1
