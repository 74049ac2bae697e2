"""/api/catalog/products/: products with their variants, filters, and refused input."""

from decimal import Decimal

import pytest

from catalog.models import PriceChange, Product, ProductVariant
from catalog.services import lot_create
from tests.helpers import ANY, assert_constant_list_queries, assert_error

from .factories import (
    CategoryFactory,
    ProductFactory,
    ProductVariantFactory,
    SupplierProductFactory,
)

URL = "/api/catalog/products/"


def detail(product) -> str:
    return f"{URL}{product.pk}/"


def mug(**overrides) -> dict:
    return {
        "name": "Stoneware Mug",
        "sku": "MUG-1",
        "price": "12.50",
        "currency": "EUR",
    } | overrides


# --- Create and read ------------------------------------------------------------------------


def test_a_product_is_created_with_its_variants(pro):
    category = CategoryFactory(workspace=pro.workspace)
    body = mug(
        category=category.pk,
        description="Glazed by hand.",
        unit="piece",
        tax_class="reduced",
        attributes={"material": "stoneware", "dishwasher_safe": True},
        variants=[
            {"sku": "MUG-1-WHITE", "options": {"colour": "white"}},
            {"sku": "MUG-1-TEAL", "options": {"colour": "teal"}, "price": "14", "barcode": "42"},
        ],
    )

    response = pro.client.post(URL, body, format="json")

    assert response.status_code == 201, response.content
    product = Product.objects.get()
    variant_shape = {
        "id": ANY,
        "sku": ANY,
        "options": ANY,
        "price": ANY,
        "effective_price": ANY,
        "currency": "EUR",
        "barcode": ANY,
        "position": ANY,
        "created_at": ANY,
        "updated_at": ANY,
    }
    assert response.json() == {
        "id": product.pk,
        "name": "Stoneware Mug",
        "sku": "MUG-1",
        "description": "Glazed by hand.",
        "category": category.pk,
        "status": "active",
        "price": "12.50",
        "currency": "EUR",
        "unit": "piece",
        "tax_class": "reduced",
        "attributes": {"material": "stoneware", "dishwasher_safe": True},
        "variants": [
            variant_shape
            | {"sku": "MUG-1-WHITE", "options": {"colour": "white"}, "price": None}
            | {"effective_price": "12.50", "barcode": "", "position": 0},
            variant_shape
            | {"sku": "MUG-1-TEAL", "options": {"colour": "teal"}, "price": "14.00"}
            | {"effective_price": "14.00", "barcode": "42", "position": 1},
        ],
        "created_at": ANY,
        "updated_at": ANY,
    }
    assert product.workspace == pro.workspace
    assert product.variants.count() == 2


@pytest.mark.parametrize(
    ("currency", "price", "shown"),
    [("EUR", "20", "20.00"), ("JPY", "1500", "1500"), ("KWD", "1.125", "1.125")],
)
def test_prices_show_the_decimals_of_their_currency(pro, currency, price, shown):
    response = pro.client.post(URL, mug(price=price, currency=currency), format="json")

    assert response.status_code == 201, response.content
    assert response.json()["price"] == shown


def test_the_list_is_newest_first_and_paginated_by_cursor(free):
    old, new = ProductFactory(workspace=free.workspace), ProductFactory(workspace=free.workspace)

    first = free.client.get(URL, {"limit": 1}).json()
    second = free.client.get(first["next"]).json()

    assert [row["id"] for row in first["results"]] == [new.pk]
    assert [row["id"] for row in second["results"]] == [old.pk]


def test_the_list_costs_the_same_queries_for_any_page_size(free):
    def add_rows(count: int) -> None:
        for _ in range(count):
            product = ProductFactory(workspace=free.workspace)
            ProductVariantFactory.create_batch(3, product=product)

    assert_constant_list_queries(free.client, URL, add_rows)


# --- Filters, search and ordering -----------------------------------------------------------


def test_the_category_filter_includes_subcategories(free):
    ws = free.workspace
    kitchen = CategoryFactory(workspace=ws)
    cookware = CategoryFactory(workspace=ws, parent=kitchen)
    pans = CategoryFactory(workspace=ws, parent=cookware)
    garden = CategoryFactory(workspace=ws)
    in_kitchen = ProductFactory(workspace=ws, category=kitchen)
    in_pans = ProductFactory(workspace=ws, category=pans)
    ProductFactory(workspace=ws, category=garden)
    ProductFactory(workspace=ws)

    kitchen_ids = {
        row["id"] for row in free.client.get(URL, {"category": kitchen.pk}).json()["results"]
    }
    pans_ids = {row["id"] for row in free.client.get(URL, {"category": pans.pk}).json()["results"]}

    assert kitchen_ids == {in_kitchen.pk, in_pans.pk}
    assert pans_ids == {in_pans.pk}


def test_another_workspaces_category_filters_to_nothing(free, other_workspace):
    theirs = CategoryFactory(workspace=other_workspace.workspace)
    ProductFactory(workspace=free.workspace)

    response = free.client.get(URL, {"category": theirs.pk})

    assert response.json()["results"] == []


def test_status_price_range_supplier_and_search_filters(free):
    ws = free.workspace
    cheap = ProductFactory(workspace=ws, name="Tea towel", price=Decimal("5"))
    mid = ProductFactory(workspace=ws, name="Teapot", price=Decimal("30"), description="Cast iron")
    dear = ProductFactory(workspace=ws, name="Kettle", price=Decimal("90"), status="archived")
    link = SupplierProductFactory(workspace=ws, supplier__workspace=ws, product=mid)

    def ids(**params) -> set[int]:
        response = free.client.get(URL, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(status="archived") == {dear.pk}
    assert ids(price_min="10", price_max="50") == {mid.pk}
    assert ids(supplier=link.supplier_id) == {mid.pk}
    assert ids(search="tea") == {cheap.pk, mid.pk}
    assert ids(search="cast iron") == {mid.pk}
    assert ids(search=dear.sku) == {dear.pk}
    assert ids(sku=cheap.sku) == {cheap.pk}


def test_a_non_numeric_price_filter_is_a_400(free):
    error = assert_error(free.client.get(URL, {"price_min": "cheap"}), 400, "validation_error")

    assert list(error["details"]) == ["price_min"]


def test_ordering_by_price(free):
    a = ProductFactory(workspace=free.workspace, price=Decimal("3"))
    b = ProductFactory(workspace=free.workspace, price=Decimal("1"))
    c = ProductFactory(workspace=free.workspace, price=Decimal("2"))

    response = free.client.get(URL, {"ordering": "price"})

    assert [row["id"] for row in response.json()["results"]] == [b.pk, c.pk, a.pk]


# --- Update and delete ----------------------------------------------------------------------


def test_variants_sent_with_a_product_are_its_full_list(pro):
    product = ProductFactory(workspace=pro.workspace, sku="TEE")
    keep = ProductVariantFactory(product=product, sku="TEE-S")
    drop = ProductVariantFactory(product=product, sku="TEE-M")

    response = pro.client.patch(
        detail(product),
        {
            "variants": [
                {"id": keep.pk, "price": "25"},
                {"sku": "TEE-L", "options": {"size": "L"}},
            ]
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    assert [(v["sku"], v["price"]) for v in response.json()["variants"]] == [
        ("TEE-S", "25.00"),
        ("TEE-L", None),
    ]
    assert not ProductVariant.objects.filter(pk=drop.pk).exists()


def test_a_patch_without_variants_keeps_them(pro):
    product = ProductFactory(workspace=pro.workspace)
    variant = ProductVariantFactory(product=product)

    response = pro.client.patch(detail(product), {"status": "archived"}, format="json")

    assert response.status_code == 200
    assert [v["id"] for v in response.json()["variants"]] == [variant.pk]
    product.refresh_from_db()
    assert product.status == "archived"


def test_a_variant_id_of_another_product_is_a_400(pro):
    product = ProductFactory(workspace=pro.workspace)
    stranger = ProductVariantFactory(product=ProductFactory(workspace=pro.workspace))

    response = pro.client.patch(
        detail(product), {"variants": [{"id": stranger.pk, "sku": "X-1"}]}, format="json"
    )

    error = assert_error(response, 400, "validation_error")
    assert error["details"] == {"variants": {"0": {"id": ["Not a variant of this product."]}}}
    stranger.refresh_from_db()
    assert stranger.product_id != product.pk


def test_a_product_with_stock_history_cannot_be_deleted(enterprise):
    product = ProductFactory(workspace=enterprise.workspace)
    lot_create(
        workspace=enterprise.workspace,
        product=product,
        lot_number="L1",
        location="WH",
        quantity=Decimal(1),
    )

    response = enterprise.client.delete(detail(product))

    assert_error(response, 409, "conflict")
    assert Product.objects.filter(pk=product.pk).exists()


def test_deleting_a_product_deletes_its_variants(pro):
    product = ProductFactory(workspace=pro.workspace)
    ProductVariantFactory.create_batch(2, product=product)

    assert pro.client.delete(detail(product)).status_code == 204

    assert ProductVariant.objects.count() == 0


# --- Refused input writes nothing -----------------------------------------------------------


def _refused(actor, body: dict, field: str, method: str = "post", url: str = URL) -> dict:
    products = Product.objects.count()
    variants = ProductVariant.objects.count()
    history = PriceChange.objects.count()

    response = getattr(actor.client, method)(url, body, format="json")

    error = assert_error(response, 400, "validation_error")
    assert field in error["details"], error
    assert (Product.objects.count(), ProductVariant.objects.count()) == (products, variants)
    assert PriceChange.objects.count() == history
    return error


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("ten", "A valid number is required."),
        ("NaN", "A valid number is required."),
        ("", "A valid number is required."),
    ],
)
def test_a_negative_or_non_numeric_price_is_a_400(pro, price, message):
    error = _refused(pro, mug(price=price), "price")

    assert error["details"] == {"price": [message]}


def test_a_price_with_more_decimals_than_its_currency_is_a_400(pro):
    error = _refused(pro, mug(price="100.5", currency="JPY"), "price")

    assert error["details"] == {"price": ["JPY amounts have no decimal places."]}


@pytest.mark.parametrize("currency", ["XYZ", "eur", "EURO", "", "XAU"])
def test_an_unknown_currency_is_a_400(pro, currency):
    _refused(pro, mug(currency=currency), "currency")


def test_a_duplicate_sku_is_a_400_naming_sku(pro):
    ProductFactory(workspace=pro.workspace, sku="MUG-1")

    error = _refused(pro, mug(), "sku")

    assert error["details"] == {
        "sku": ["SKU 'MUG-1' is already used by a product or variant of this workspace."]
    }
    assert error["message"].startswith("sku: ")


def test_a_sku_used_by_a_variant_is_taken_too(pro):
    ProductVariantFactory(product=ProductFactory(workspace=pro.workspace), sku="MUG-1")

    _refused(pro, mug(), "sku")


def test_the_same_sku_in_another_workspace_is_fine(pro, other_workspace):
    ProductFactory(workspace=other_workspace.workspace, sku="MUG-1")

    assert pro.client.post(URL, mug(), format="json").status_code == 201


def test_changing_to_a_taken_sku_is_a_400(pro):
    ProductFactory(workspace=pro.workspace, sku="TAKEN")
    product = ProductFactory(workspace=pro.workspace, sku="MINE")

    _refused(pro, {"sku": "TAKEN"}, "sku", method="patch", url=detail(product))

    product.refresh_from_db()
    assert product.sku == "MINE"


def test_a_bad_variant_refuses_the_whole_product(pro):
    ProductFactory(workspace=pro.workspace, sku="TAKEN")
    body = mug(variants=[{"sku": "MUG-1-A"}, {"sku": "TAKEN"}, {"sku": "MUG-1-A"}])

    error = _refused(pro, body, "variants")

    assert error["details"]["variants"] == {
        "1": {"sku": ["SKU 'TAKEN' is already used by a product or variant of this workspace."]},
        "2": {"sku": ["SKU 'MUG-1-A' appears twice in this product."]},
    }
    assert error["message"] == (
        "variants.1.sku: SKU 'TAKEN' is already used by a product or variant of this workspace."
    )


def test_a_negative_variant_price_is_a_400(pro):
    error = _refused(pro, mug(variants=[{"sku": "MUG-1-A", "price": "-2"}]), "variants")

    assert error["details"]["variants"] == {
        "0": {"price": ["Ensure this value is greater than or equal to 0."]}
    }


def test_an_unknown_field_is_a_400(pro):
    error = _refused(pro, mug(colour="blue"), "colour")

    assert error["details"] == {"colour": ["Unknown field."]}


def test_an_unknown_field_in_a_variant_is_a_400(pro):
    error = _refused(pro, mug(variants=[{"sku": "MUG-1-A", "weight": 3}]), "variants")

    assert error["details"]["variants"] == {"0": {"weight": ["Unknown field."]}}


def test_another_workspaces_category_is_a_400(pro, other_workspace):
    theirs = CategoryFactory(workspace=other_workspace.workspace)

    error = _refused(pro, mug(category=theirs.pk), "category")

    assert error["details"]["category"] == [f'Invalid pk "{theirs.pk}" - object does not exist.']


@pytest.mark.parametrize(
    "attributes",
    [["not", "an", "object"], {"nested": {"too": "deep"}}, {"": "empty key"}],
)
def test_attributes_must_be_a_flat_object(pro, attributes):
    _refused(pro, mug(attributes=attributes), "attributes")


def test_a_bad_sku_format_is_a_400(pro):
    _refused(pro, mug(sku="MUG 1"), "sku")


def test_changing_currency_checks_the_variants_own_prices(pro):
    product = ProductFactory(workspace=pro.workspace, currency="EUR", price=Decimal("20"))
    ProductVariantFactory(product=product, price=Decimal("9.99"))

    error = _refused(pro, {"currency": "JPY"}, "currency", method="patch", url=detail(product))

    assert error["details"] == {"currency": [ANY]}
    product.refresh_from_db()
    assert product.currency == "EUR"


def test_changing_currency_alone_checks_the_current_price(pro):
    product = ProductFactory(workspace=pro.workspace, currency="EUR", price=Decimal("19.90"))

    error = _refused(pro, {"currency": "JPY"}, "currency", method="patch", url=detail(product))

    assert error["details"] == {
        "currency": ["The price 19.900 does not fit JPY; send a new price."]
    }


def test_changing_currency_with_a_fitting_price_is_fine(pro):
    product = ProductFactory(workspace=pro.workspace, currency="EUR", price=Decimal("19.90"))

    response = pro.client.patch(
        detail(product), {"currency": "JPY", "price": "2900"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["price"], response.json()["currency"]) == ("2900", "JPY")
