"""/api/sales/orders/: lines over the catalogue, prices frozen when written, computed totals."""

from decimal import Decimal

import pytest
from rest_framework.exceptions import ValidationError

from catalog.services import product_update, variant_create
from sales.models import Order, OrderLine
from sales.services import Actor, order_create
from tests.helpers import ANY, assert_error

from .factories import CompanyFactory, make_order, make_product

URL = "/api/sales/orders/"


def post_order(actor, lines, **fields):
    company = fields.pop("company", None) or CompanyFactory(workspace=actor.workspace)
    return actor.client.post(URL, {"company": company.pk, "lines": lines, **fields})


def test_an_order_takes_catalogue_prices_and_computes_its_totals(pro):
    chair = make_product(pro.workspace, sku="CHAIR", price="49.99")
    desk = make_product(pro.workspace, sku="DESK", price="310.00")

    response = post_order(
        pro,
        [
            {"product": chair.pk, "quantity": "4", "discount_percent": "10", "tax_rate": "20"},
            {"product": desk.pk, "quantity": "1", "unit_price": "299.50"},
        ],
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {
        "id": ANY,
        "number": "SO-000001",
        "status": "draft",
        "company": ANY,
        "contact": None,
        "opportunity": None,
        "currency": "EUR",
        "lines": [
            {
                "id": ANY,
                "position": 1,
                "product": chair.pk,
                "variant": None,
                "sku": "CHAIR",
                "description": "Product CHAIR",
                "quantity": "4.000",
                "unit_price": "49.99",
                "discount_percent": "10.00",
                "tax_rate": "20.00",
                "subtotal": "199.96",
                "discount_amount": "20.00",
                "tax_amount": "35.99",
                "total": "215.95",
                "shipped_quantity": "0.000",
                "delivered_quantity": "0.000",
            },
            {
                "id": ANY,
                "position": 2,
                "product": desk.pk,
                "variant": None,
                "sku": "DESK",
                "description": "Product DESK",
                "quantity": "1.000",
                "unit_price": "299.50",
                "discount_percent": "0.00",
                "tax_rate": "0.00",
                "subtotal": "299.50",
                "discount_amount": "0.00",
                "tax_amount": "0.00",
                "total": "299.50",
                "shipped_quantity": "0.000",
                "delivered_quantity": "0.000",
            },
        ],
        "subtotal": "499.46",
        "discount_total": "20.00",
        "tax_total": "35.99",
        "total": "515.45",
        "notes": "",
        "shipping_address": "",
        "confirmed_at": None,
        "fulfilled_at": None,
        "cancelled_at": None,
        "cancel_reason": "",
        "created_by": {"type": "user", "id": pro.membership.user.pk, "name": ANY},
        "created_at": ANY,
        "updated_at": ANY,
    }


def test_a_total_sent_by_the_client_is_ignored(pro):
    product = make_product(pro.workspace, price="10.00")

    response = post_order(pro, [{"product": product.pk, "quantity": "3"}], total="1.00")

    assert response.json()["total"] == "30.00"


def test_a_price_taken_from_the_catalogue_stays_when_the_catalogue_changes(pro):
    product = make_product(pro.workspace, price="10.00")
    order_id = post_order(pro, [{"product": product.pk, "quantity": "1"}]).json()["id"]

    product_update(product=product, data={"price": Decimal("12.00")})

    order = pro.client.get(f"{URL}{order_id}/").json()
    assert order["lines"][0]["unit_price"] == "10.00"
    assert order["total"] == "10.00"


def test_a_variant_line_uses_the_variants_price_and_names_its_product(pro):
    shirt = make_product(pro.workspace, sku="SHIRT", price="25.00")
    large = variant_create(
        product=shirt, sku="SHIRT-L", options={"size": "L"}, price=Decimal("27.00")
    )

    response = post_order(pro, [{"variant": large.pk, "quantity": "2"}])

    line = response.json()["lines"][0]
    assert (line["product"], line["variant"], line["sku"]) == (shirt.pk, large.pk, "SHIRT-L")
    assert line["description"] == "Product SHIRT (size: L)"
    assert line["total"] == "54.00"


def test_amounts_follow_the_currencys_decimals(pro):
    product = make_product(pro.workspace, price="1000", currency="JPY")

    response = post_order(
        pro, [{"product": product.pk, "quantity": "3", "tax_rate": "8.5"}], currency="jpy"
    )

    body = response.json()
    assert body["currency"] == "JPY"
    assert (body["subtotal"], body["tax_total"], body["total"]) == ("3000", "255", "3255")


def test_a_catalogue_price_in_another_currency_needs_an_explicit_price(pro):
    product = make_product(pro.workspace, price="10.00", currency="USD")

    response = post_order(pro, [{"product": product.pk, "quantity": "1"}], currency="EUR")

    error = assert_error(response, 400, "validation_error")
    assert error["details"] == {"lines": {"0": {"unit_price": [ANY]}}}
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"quantity": "1"}, "product"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "-2"}, "quantity"),
        ({"quantity": "1", "unit_price": "-1"}, "unit_price"),
        ({"quantity": "1", "unit_price": "1.005"}, "unit_price"),
        ({"quantity": "1", "discount_percent": "120"}, "discount_percent"),
    ],
)
def test_a_bad_line_is_a_400_naming_its_field_and_writes_nothing(pro, line, field):
    product = make_product(pro.workspace)
    if field != "product":
        line = {"product": product.pk, **line}

    response = post_order(pro, [line])

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]["lines"]["0"]) == [field]
    assert not Order.objects.exists()
    assert not OrderLine.objects.exists()


def test_another_workspaces_product_or_company_is_a_400(pro, other_workspace):
    foreign_product = make_product(other_workspace.workspace)
    foreign_company = CompanyFactory(workspace=other_workspace.workspace)
    mine = make_product(pro.workspace)

    product_error = post_order(pro, [{"product": foreign_product.pk, "quantity": "1"}])
    company_error = pro.client.post(
        URL, {"company": foreign_company.pk, "lines": [{"product": mine.pk, "quantity": "1"}]}
    )

    assert assert_error(product_error, 400, "validation_error")["details"] == {
        "lines": {"0": {"product": [ANY]}}
    }
    assert list(assert_error(company_error, 400, "validation_error")["details"]) == ["company"]
    assert not Order.objects.exists()


def test_an_archived_product_is_not_sold(pro):
    product = make_product(pro.workspace)
    product_update(product=product, data={"status": "archived"})

    response = post_order(pro, [{"product": product.pk, "quantity": "1"}])

    assert assert_error(response, 400, "validation_error")["details"] == {
        "lines": {"0": {"product": [ANY]}}
    }


def test_a_draft_replaces_its_lines_and_recomputes(pro):
    product = make_product(pro.workspace, price="10.00")
    order_id = post_order(pro, [{"product": product.pk, "quantity": "1"}]).json()["id"]

    response = pro.client.patch(
        f"{URL}{order_id}/", {"lines": [{"product": product.pk, "quantity": "5"}]}
    )

    assert response.status_code == 200, response.content
    assert response.json()["total"] == "50.00"
    assert OrderLine.objects.count() == 1


def test_orders_filter_by_status_and_total(pro):
    make_order(pro.workspace)
    confirmed = make_order(pro.workspace, confirmed=True)

    listed = pro.client.get(URL, {"status": "confirmed", "total_min": "39.80"}).json()["results"]

    assert [o["id"] for o in listed] == [confirmed.pk]


def test_order_numbers_run_per_workspace(pro, other_workspace):
    first = make_order(pro.workspace)
    second = make_order(pro.workspace)
    elsewhere = make_order(other_workspace.workspace)

    assert (first.number, second.number, elsewhere.number) == (
        "SO-000001",
        "SO-000002",
        "SO-000001",
    )


def test_the_service_itself_refuses_another_workspaces_rows(pro, other_workspace):
    foreign_product = make_product(other_workspace.workspace)
    foreign_company = CompanyFactory(workspace=other_workspace.workspace)

    with pytest.raises(ValidationError) as refused_line:
        order_create(
            workspace=pro.workspace,
            actor=Actor(),
            company=CompanyFactory(workspace=pro.workspace),
            lines=[{"product": foreign_product, "quantity": Decimal(1)}],
        )
    with pytest.raises(ValidationError) as refused_company:
        order_create(workspace=pro.workspace, actor=Actor(), company=foreign_company)

    assert refused_line.value.detail == {"lines": {0: {"product": [ANY]}}}
    assert list(refused_company.value.detail) == ["company"]
    assert not Order.objects.exists()
