"""/api/sales/orders/ actions: confirming takes stock, cancelling returns it, fulfilment."""

from decimal import Decimal

import pytest

from tests.helpers import ANY, assert_error

from .factories import CompanyFactory, make_lot, make_order, make_product

URL = "/api/sales/orders/"


def on_hand(lot) -> Decimal:
    lot.refresh_from_db()
    return lot.quantity


def test_confirming_takes_stock_from_the_soonest_expiring_lots(enterprise):
    product = make_product(enterprise.workspace)
    late = make_lot(enterprise.workspace, product, quantity="5", lot_number="LATE")
    late.expires_on = late.received_on.replace(year=late.received_on.year + 2)
    late.save(update_fields=["expires_on"])
    early = make_lot(enterprise.workspace, product, quantity="3", lot_number="EARLY")
    early.expires_on = early.received_on.replace(year=early.received_on.year + 1)
    early.save(update_fields=["expires_on"])
    order = make_order(enterprise.workspace, lines=[{"product": product, "quantity": Decimal(4)}])

    response = enterprise.client.post(f"{URL}{order.pk}/confirm/")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    assert response.json()["confirmed_at"] is not None
    assert (on_hand(early), on_hand(late)) == (Decimal(0), Decimal(4))


def test_confirming_with_too_little_stock_is_a_409_and_moves_nothing(enterprise):
    scarce = make_product(enterprise.workspace, sku="SCARCE")
    plenty = make_product(enterprise.workspace, sku="PLENTY")
    scarce_lot = make_lot(enterprise.workspace, scarce, quantity="1")
    plenty_lot = make_lot(enterprise.workspace, plenty, quantity="50")
    order = make_order(
        enterprise.workspace,
        lines=[
            {"product": plenty, "quantity": Decimal(5)},
            {"product": scarce, "quantity": Decimal(2)},
        ],
    )

    response = enterprise.client.post(f"{URL}{order.pk}/confirm/")

    error = assert_error(response, 409, "conflict")
    assert error["details"]["lines"] == [
        {"line": ANY, "sku": "SCARCE", "quantity": "2.000", "on_hand": "1.000"}
    ]
    assert (on_hand(scarce_lot), on_hand(plenty_lot)) == (Decimal(1), Decimal(50))
    order.refresh_from_db()
    assert order.status == "draft"


def test_products_without_stock_records_are_sold_without_a_stock_check(pro):
    order = make_order(pro.workspace)

    response = pro.client.post(f"{URL}{order.pk}/confirm/")

    assert response.json()["status"] == "confirmed"


def test_cancelling_a_confirmed_order_puts_the_stock_back(enterprise):
    product = make_product(enterprise.workspace)
    lot = make_lot(enterprise.workspace, product, quantity="10")
    order = make_order(
        enterprise.workspace, lines=[{"product": product, "quantity": Decimal(3)}], confirmed=True
    )
    assert on_hand(lot) == Decimal(7)

    response = enterprise.client.post(f"{URL}{order.pk}/cancel/", {"reason": "Customer changed"})

    assert response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == "Customer changed"
    assert on_hand(lot) == Decimal(10)


def test_fulfilment_is_recorded_until_everything_is_delivered(pro):
    order = make_order(pro.workspace, confirmed=True)
    line = order.lines.get()
    fulfil = f"{URL}{order.pk}/fulfil/"

    shipped = pro.client.post(fulfil, {"lines": [{"id": line.pk, "shipped_quantity": "2"}]})
    partly = pro.client.post(fulfil, {"lines": [{"id": line.pk, "delivered_quantity": "1"}]})
    done = pro.client.post(fulfil, {"lines": [{"id": line.pk, "delivered_quantity": "2"}]})

    assert shipped.json()["status"] == "confirmed"
    assert partly.json()["lines"][0]["delivered_quantity"] == "1.000"
    assert done.json()["status"] == "fulfilled"
    assert done.json()["fulfilled_at"] is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"shipped_quantity": "3"}, "shipped_quantity"),
        ({"delivered_quantity": "1"}, "delivered_quantity"),
        ({"id": 0, "shipped_quantity": "1"}, "id"),
    ],
)
def test_impossible_fulfilment_is_a_400_naming_the_field(pro, change, field):
    order = make_order(pro.workspace, confirmed=True)
    line = order.lines.get()

    response = pro.client.post(f"{URL}{order.pk}/fulfil/", {"lines": [{"id": line.pk, **change}]})

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]["lines"]["0"]) == [field]
    line.refresh_from_db()
    assert line.shipped_quantity == 0


def test_shipped_quantities_never_go_down(pro):
    order = make_order(pro.workspace, confirmed=True)
    line = order.lines.get()
    pro.client.post(
        f"{URL}{order.pk}/fulfil/", {"lines": [{"id": line.pk, "shipped_quantity": "2"}]}
    )

    response = pro.client.post(
        f"{URL}{order.pk}/fulfil/", {"lines": [{"id": line.pk, "shipped_quantity": "1"}]}
    )

    assert assert_error(response, 400, "validation_error")["details"] == {
        "lines": {"0": {"shipped_quantity": [ANY]}}
    }


@pytest.mark.parametrize(
    ("confirmed", "action", "body"),
    [
        (False, "fulfil", {"lines": [{"id": 1, "shipped_quantity": "1"}]}),
        (True, "confirm", None),
    ],
)
def test_a_step_out_of_order_is_a_409(pro, confirmed, action, body):
    order = make_order(pro.workspace, confirmed=confirmed)

    response = pro.client.post(f"{URL}{order.pk}/{action}/", body)

    error = assert_error(response, 409, "conflict")
    assert error["details"]["status"] == order.status


def test_a_shipped_order_cannot_be_cancelled(pro):
    order = make_order(pro.workspace, confirmed=True)
    line = order.lines.get()
    pro.client.post(
        f"{URL}{order.pk}/fulfil/", {"lines": [{"id": line.pk, "shipped_quantity": "1"}]}
    )

    assert_error(pro.client.post(f"{URL}{order.pk}/cancel/"), 409, "conflict")


def test_a_confirmed_order_keeps_its_lines_but_takes_notes(pro):
    order = make_order(pro.workspace, confirmed=True)
    product = make_product(pro.workspace, sku="OTHER")

    lines = pro.client.patch(
        f"{URL}{order.pk}/", {"lines": [{"product": product.pk, "quantity": "1"}]}
    )
    notes = pro.client.patch(f"{URL}{order.pk}/", {"notes": "Deliver to dock 3"})

    error = assert_error(lines, 409, "conflict")
    assert error["details"]["fields"] == ["lines"]
    assert notes.json()["notes"] == "Deliver to dock 3"


def test_only_a_draft_is_deleted(pro):
    draft = make_order(pro.workspace)
    confirmed = make_order(pro.workspace, confirmed=True)

    assert pro.client.delete(f"{URL}{draft.pk}/").status_code == 204
    assert_error(pro.client.delete(f"{URL}{confirmed.pk}/"), 409, "conflict")


def test_an_order_without_lines_cannot_be_confirmed(pro):
    company = CompanyFactory(workspace=pro.workspace)
    order_id = pro.client.post(URL, {"company": company.pk}).json()["id"]

    assert_error(pro.client.post(f"{URL}{order_id}/confirm/"), 409, "conflict")
