"""Inventory lots, stock movements and on-hand totals (Enterprise)."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.exceptions import ValidationError

from catalog.models import InventoryLot, StockMovement
from catalog.services import lot_create, stock_move, stock_take
from tests.helpers import ANY, assert_constant_list_queries, assert_error

from .factories import (
    InventoryLotFactory,
    ProductFactory,
    ProductVariantFactory,
    SupplierFactory,
)

LOTS = "/api/catalog/inventory-lots/"
ON_HAND = "/api/catalog/inventory-lots/on-hand/"
MOVEMENTS = "/api/catalog/stock-movements/"


def move_url(lot) -> str:
    return f"{LOTS}{lot.pk}/move/"


def receive(workspace, product, quantity, location="WH-1", lot_number="L-1", **extra):
    return lot_create(
        workspace=workspace,
        product=product,
        lot_number=lot_number,
        location=location,
        quantity=Decimal(quantity),
        **extra,
    )


# --- Lots -----------------------------------------------------------------------------------


def test_creating_a_lot_receives_its_stock_as_a_movement(enterprise):
    product = ProductFactory(workspace=enterprise.workspace)
    supplier = SupplierFactory(workspace=enterprise.workspace)

    response = enterprise.client.post(
        LOTS,
        {
            "product": product.pk,
            "lot_number": "2024-117",
            "location": "WH-PARIS",
            "quantity": "40",
            "received_on": "2024-05-02",
            "expires_on": "2025-05-02",
            "supplier": supplier.pk,
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": ANY,
        "lot_number": "2024-117",
        "product": product.pk,
        "product_sku": product.sku,
        "variant": None,
        "variant_sku": None,
        "location": "WH-PARIS",
        "quantity": "40.000",
        "quantity_received": "40.000",
        "received_on": "2024-05-02",
        "expires_on": "2025-05-02",
        "supplier": supplier.pk,
        "notes": "",
        "created_at": ANY,
        "updated_at": ANY,
    }
    movement = StockMovement.objects.get()
    assert (movement.kind, movement.quantity, movement.balance) == ("receipt", 40, 40)
    assert movement.created_by == enterprise.membership.user
    assert movement.source == "api"


def test_a_lot_of_a_variant_takes_the_product_from_it(enterprise):
    variant = ProductVariantFactory(product=ProductFactory(workspace=enterprise.workspace))

    response = enterprise.client.post(
        LOTS,
        {"variant": variant.pk, "lot_number": "V-1", "location": "WH", "quantity": "3"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["product"] == variant.product_id
    assert response.json()["variant_sku"] == variant.sku


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": "-1"}, "quantity"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "many"}, "quantity"),
        ({"location": ""}, "location"),
        ({"lot_number": ""}, "lot_number"),
        ({"expires_on": "2020-01-01", "received_on": "2024-01-01"}, "expires_on"),
        ({"bin": "A4"}, "bin"),
    ],
)
def test_bad_lot_input_is_a_400_and_writes_nothing(enterprise, change, field):
    product = ProductFactory(workspace=enterprise.workspace)
    body = {"product": product.pk, "lot_number": "L", "location": "W", "quantity": "5"} | change

    error = assert_error(enterprise.client.post(LOTS, body, format="json"), 400, "validation_error")

    assert field in error["details"]
    assert InventoryLot.objects.count() == 0
    assert StockMovement.objects.count() == 0


def test_a_lot_for_another_workspaces_product_is_a_400(enterprise, other_workspace):
    theirs = ProductFactory(workspace=other_workspace.workspace)

    response = enterprise.client.post(
        LOTS,
        {"product": theirs.pk, "lot_number": "L", "location": "W", "quantity": "5"},
        format="json",
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["product"]
    assert InventoryLot.objects.count() == 0


def test_a_variant_of_another_product_is_a_400(enterprise):
    product = ProductFactory(workspace=enterprise.workspace)
    stranger = ProductVariantFactory(product=ProductFactory(workspace=enterprise.workspace))

    response = enterprise.client.post(
        LOTS,
        {
            "product": product.pk,
            "variant": stranger.pk,
            "lot_number": "L",
            "location": "W",
            "quantity": "5",
        },
        format="json",
    )

    assert list(assert_error(response, 400, "validation_error")["details"]) == ["variant"]


def test_the_same_lot_at_the_same_location_is_a_400(enterprise):
    product = ProductFactory(workspace=enterprise.workspace)
    receive(enterprise.workspace, product, 5)

    response = enterprise.client.post(
        LOTS,
        {"product": product.pk, "lot_number": "L-1", "location": "WH-1", "quantity": "5"},
        format="json",
    )

    assert list(assert_error(response, 400, "validation_error")["details"]) == ["lot_number"]
    assert InventoryLot.objects.count() == 1


def test_a_lots_stock_cannot_be_edited_directly(enterprise):
    lot = receive(enterprise.workspace, ProductFactory(workspace=enterprise.workspace), 5)

    response = enterprise.client.patch(
        f"{LOTS}{lot.pk}/", {"quantity": "500", "location": "ELSEWHERE"}, format="json"
    )

    error = assert_error(response, 400, "validation_error")
    assert set(error["details"]) == {"quantity", "location"}
    lot.refresh_from_db()
    assert (lot.quantity, lot.location) == (5, "WH-1")


def test_a_lots_details_can_be_edited(enterprise):
    lot = receive(enterprise.workspace, ProductFactory(workspace=enterprise.workspace), 5)

    response = enterprise.client.patch(
        f"{LOTS}{lot.pk}/", {"notes": "Top shelf", "expires_on": "2099-01-01"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["notes"], response.json()["expires_on"]) == ("Top shelf", "2099-01-01")


def test_a_lot_holding_stock_cannot_be_deleted_but_an_empty_one_can(enterprise):
    lot = receive(enterprise.workspace, ProductFactory(workspace=enterprise.workspace), 5)

    refused = enterprise.client.delete(f"{LOTS}{lot.pk}/")
    stock_move(lot=lot, kind="sale", quantity=Decimal(5))
    deleted = enterprise.client.delete(f"{LOTS}{lot.pk}/")

    assert_error(refused, 409, "conflict")
    assert deleted.status_code == 204
    assert list(StockMovement.objects.values_list("kind", "lot_id", "lot_number")) == [
        ("sale", None, "L-1"),
        ("receipt", None, "L-1"),
    ]


def test_the_lot_list_costs_the_same_queries_for_any_page_size(enterprise):
    def add_rows(count: int) -> None:
        for _ in range(count):
            variant = ProductVariantFactory(product=ProductFactory(workspace=enterprise.workspace))
            InventoryLotFactory(
                workspace=enterprise.workspace, product=variant.product, variant=variant
            )

    assert_constant_list_queries(enterprise.client, LOTS, add_rows)


def test_lots_filter_by_location_stock_and_expiry(enterprise):
    ws = enterprise.workspace
    product = ProductFactory(workspace=ws)
    paris = receive(ws, product, 5, location="PARIS", expires_on=date(2030, 1, 1))
    lyon = receive(ws, product, 5, location="LYON", expires_on=date(2031, 6, 1))
    stock_move(lot=lyon, kind="sale", quantity=Decimal(5))

    def ids(**params) -> set[int]:
        return {row["id"] for row in enterprise.client.get(LOTS, params).json()["results"]}

    assert ids(location="PARIS") == {paris.pk}
    assert ids(in_stock="true") == {paris.pk}
    assert ids(in_stock="false") == {lyon.pk}
    assert ids(expires_on_before="2030-12-31") == {paris.pk}
    assert ids(product=product.pk) == {paris.pk, lyon.pk}


# --- Movements ------------------------------------------------------------------------------


def test_a_sale_takes_stock_and_is_recorded(enterprise):
    lot = receive(enterprise.workspace, ProductFactory(workspace=enterprise.workspace), 10)

    response = enterprise.client.post(
        move_url(lot), {"kind": "sale", "quantity": "3", "reference": "SO-1"}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["lot"]["quantity"] == "7.000"
    assert body["movements"] == [
        {
            "id": ANY,
            "lot": lot.pk,
            "lot_number": "L-1",
            "product": lot.product_id,
            "variant": None,
            "location": "WH-1",
            "kind": "sale",
            "quantity": "-3.000",
            "balance": "7.000",
            "transfer_id": None,
            "reference": "SO-1",
            "note": "",
            "created_by": {
                "kind": "user",
                "id": enterprise.membership.user.pk,
                "name": enterprise.membership.user.username,
            },
            "source": "api",
            "created_at": ANY,
        }
    ]


def test_selling_more_than_on_hand_is_a_400_and_moves_nothing(enterprise):
    lot = receive(enterprise.workspace, ProductFactory(workspace=enterprise.workspace), 2)

    response = enterprise.client.post(
        move_url(lot), {"kind": "sale", "quantity": "3"}, format="json"
    )

    error = assert_error(response, 400, "validation_error")
    assert error["details"] == {
        "quantity": ["Only 2 on hand in lot L-1 at WH-1; this movement needs 3."]
    }
    lot.refresh_from_db()
    assert lot.quantity == 2
    assert StockMovement.objects.count() == 1


def test_adjustments_are_signed_and_receipts_count_as_received(enterprise):
    lot = receive(enterprise.workspace, ProductFactory(workspace=enterprise.workspace), 10)

    down = enterprise.client.post(
        move_url(lot), {"kind": "adjustment", "quantity": "-4", "note": "Broken"}, format="json"
    )
    up = enterprise.client.post(move_url(lot), {"kind": "receipt", "quantity": "6"}, format="json")

    assert down.json()["lot"]["quantity"] == "6.000"
    assert up.json()["lot"]["quantity"] == "12.000"
    assert up.json()["lot"]["quantity_received"] == "16.000"


def test_a_transfer_moves_stock_to_the_same_lot_elsewhere(enterprise):
    lot = receive(enterprise.workspace, ProductFactory(workspace=enterprise.workspace), 10)

    first = enterprise.client.post(
        move_url(lot), {"kind": "transfer", "quantity": "4", "to_location": "SHOP"}, format="json"
    )
    second = enterprise.client.post(
        move_url(lot), {"kind": "transfer", "quantity": "1", "to_location": "SHOP"}, format="json"
    )

    assert first.status_code == 201, first.content
    out, into = first.json()["movements"]
    assert (out["kind"], out["quantity"], out["location"]) == ("transfer_out", "-4.000", "WH-1")
    assert (into["kind"], into["quantity"], into["location"]) == ("transfer_in", "4.000", "SHOP")
    assert out["transfer_id"] == into["transfer_id"] is not None
    assert second.json()["lot"]["quantity"] == "5.000"
    shop = InventoryLot.objects.get(location="SHOP")
    assert (shop.lot_number, shop.quantity, shop.quantity_received) == ("L-1", 5, 0)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "sale", "quantity": "-1"}, "quantity"),
        ({"kind": "adjustment", "quantity": "0"}, "quantity"),
        ({"kind": "theft", "quantity": "1"}, "kind"),
        ({"kind": "transfer", "quantity": "1"}, "to_location"),
        ({"kind": "transfer", "quantity": "1", "to_location": "WH-1"}, "to_location"),
        ({"kind": "sale", "quantity": "1", "to_location": "SHOP"}, "to_location"),
        ({"kind": "sale", "quantity": "1", "colour": "red"}, "colour"),
    ],
)
def test_bad_movements_are_a_400_and_move_nothing(enterprise, body, field):
    lot = receive(enterprise.workspace, ProductFactory(workspace=enterprise.workspace), 5)

    error = assert_error(enterprise.client.post(move_url(lot), body, format="json"), 400, ANY)

    assert field in error["details"]
    lot.refresh_from_db()
    assert lot.quantity == 5
    assert StockMovement.objects.count() == 1
    assert InventoryLot.objects.count() == 1


def test_a_viewer_cannot_move_stock(make_member):
    viewer = make_member(role="viewer")
    lot = receive(viewer.workspace, ProductFactory(workspace=viewer.workspace), 5)

    response = viewer.client.post(move_url(lot), {"kind": "sale", "quantity": "1"}, format="json")

    assert_error(response, 403, "permission_missing")


def test_a_key_that_moves_stock_is_recorded_as_the_mover(make_api_key):
    actor = make_api_key(["catalog.write"])
    lot = receive(actor.workspace, ProductFactory(workspace=actor.workspace), 5)

    response = actor.client.post(move_url(lot), {"kind": "sale", "quantity": "1"}, format="json")

    assert response.json()["movements"][0]["created_by"] == {
        "kind": "api_key",
        "id": actor.credential.pk,
        "name": str(actor.credential),
    }


def test_the_history_lists_and_filters_movements(enterprise, other_workspace):
    ws = enterprise.workspace
    lot = receive(ws, ProductFactory(workspace=ws), 5)
    other = receive(ws, ProductFactory(workspace=ws), 5, lot_number="L-2")
    stock_move(lot=lot, kind="sale", quantity=Decimal(1))
    receive(other_workspace.workspace, ProductFactory(workspace=other_workspace.workspace), 9)

    everything = enterprise.client.get(MOVEMENTS).json()["results"]
    of_lot = enterprise.client.get(MOVEMENTS, {"lot": lot.pk}).json()["results"]
    sales = enterprise.client.get(MOVEMENTS, {"kind": "sale"}).json()["results"]

    assert len(everything) == 3
    assert [(row["kind"], row["balance"]) for row in of_lot] == [
        ("sale", "4.000"),
        ("receipt", "5.000"),
    ]
    assert [row["lot"] for row in sales] == [lot.pk]
    assert other.pk in {row["lot"] for row in everything}


def test_the_movement_list_costs_the_same_queries_for_any_page_size(enterprise):
    product = ProductFactory(workspace=enterprise.workspace)
    lot = receive(enterprise.workspace, product, 1000)

    assert_constant_list_queries(
        enterprise.client,
        MOVEMENTS,
        lambda count: [stock_move(lot=lot, kind="sale", quantity=Decimal(1)) for _ in range(count)],
    )


# --- On-hand totals -------------------------------------------------------------------------


def test_on_hand_totals_are_per_product_and_location(enterprise, other_workspace):
    ws = enterprise.workspace
    tee = ProductFactory(workspace=ws, sku="TEE", name="Tee")
    mug = ProductFactory(workspace=ws, sku="MUG", name="Mug")
    receive(ws, tee, 5, lot_number="A", location="PARIS", expires_on=date(2030, 1, 1))
    receive(ws, tee, 7, lot_number="B", location="PARIS", expires_on=date(2029, 1, 1))
    receive(ws, tee, 2, lot_number="A", location="LYON")
    receive(ws, mug, 1, lot_number="C", location="PARIS")
    receive(other_workspace.workspace, ProductFactory(workspace=other_workspace.workspace), 99)

    response = enterprise.client.get(ON_HAND)

    assert response.status_code == 200, response.content
    assert response.json()["results"] == [
        {
            "product": tee.pk,
            "product_sku": "TEE",
            "product_name": "Tee",
            "location": "LYON",
            "quantity": "2.000",
            "lot_count": 1,
            "next_expiry": None,
        },
        {
            "product": tee.pk,
            "product_sku": "TEE",
            "product_name": "Tee",
            "location": "PARIS",
            "quantity": "12.000",
            "lot_count": 2,
            "next_expiry": "2029-01-01",
        },
        {
            "product": mug.pk,
            "product_sku": "MUG",
            "product_name": "Mug",
            "location": "PARIS",
            "quantity": "1.000",
            "lot_count": 1,
            "next_expiry": None,
        },
    ]


def test_on_hand_totals_filter_and_page(enterprise):
    ws = enterprise.workspace
    products = [ProductFactory(workspace=ws) for _ in range(3)]
    for product in products:
        receive(ws, product, 1, location="PARIS")
        receive(ws, product, 2, location="LYON")

    paris = enterprise.client.get(ON_HAND, {"location": "PARIS"}).json()["results"]
    first = enterprise.client.get(ON_HAND, {"limit": 4}).json()
    rest = enterprise.client.get(first["next"]).json()

    assert [row["product"] for row in paris] == [p.pk for p in products]
    assert len(first["results"]) == 4
    assert len(rest["results"]) == 2
    assert rest["next"] is None
    seen = [(row["product"], row["location"]) for row in first["results"] + rest["results"]]
    assert len(set(seen)) == 6


# --- Taking stock for a product -------------------------------------------------------------


def test_taking_stock_draws_from_the_soonest_expiring_lots_first(enterprise):
    ws = enterprise.workspace
    product = ProductFactory(workspace=ws)
    late = receive(ws, product, 5, lot_number="LATE", expires_on=date(2031, 1, 1))
    soon = receive(ws, product, 3, lot_number="SOON", expires_on=date(2030, 1, 1))
    never = receive(ws, product, 9, lot_number="NEVER")

    movements = stock_take(workspace=ws, product=product, quantity=Decimal(6), reference="SO-9")

    assert [(m.lot_number, m.quantity) for m in movements] == [("SOON", -3), ("LATE", -3)]
    assert {m.reference for m in movements} == {"SO-9"}
    for lot, left in ((soon, 0), (late, 2), (never, 9)):
        lot.refresh_from_db()
        assert lot.quantity == left


def test_taking_more_than_all_lots_hold_moves_nothing(enterprise):
    ws = enterprise.workspace
    product = ProductFactory(workspace=ws)
    receive(ws, product, 2, lot_number="A")
    receive(ws, product, 2, lot_number="B")
    variant = ProductVariantFactory(product=product)
    receive(ws, product, 50, lot_number="V", variant=variant)

    with pytest.raises(ValidationError) as refused:
        stock_take(workspace=ws, product=product, quantity=Decimal(5))

    assert refused.value.detail == {"quantity": ["Only 4 on hand; this needs 5."]}
    assert StockMovement.objects.filter(kind="sale").count() == 0
