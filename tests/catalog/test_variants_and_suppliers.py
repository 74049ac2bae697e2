"""/api/catalog/variants/ and /api/catalog/suppliers/."""

from decimal import Decimal

from catalog.models import InventoryLot, ProductVariant, Supplier, SupplierProduct
from tests.helpers import ANY, assert_constant_list_queries, assert_error

from .factories import (
    ProductFactory,
    ProductVariantFactory,
    SupplierFactory,
    SupplierProductFactory,
)

VARIANTS = "/api/catalog/variants/"
SUPPLIERS = "/api/catalog/suppliers/"


# --- Variants -------------------------------------------------------------------------------


def test_a_variant_is_created_on_its_own(pro):
    product = ProductFactory(workspace=pro.workspace, currency="GBP", price=Decimal("30"))

    response = pro.client.post(
        VARIANTS,
        {"product": product.pk, "sku": "TEE-XL", "options": {"size": "XL"}, "price": "32.5"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": ANY,
        "product": product.pk,
        "sku": "TEE-XL",
        "options": {"size": "XL"},
        "price": "32.50",
        "effective_price": "32.50",
        "currency": "GBP",
        "barcode": "",
        "position": 0,
        "created_at": ANY,
        "updated_at": ANY,
    }
    assert ProductVariant.objects.get().workspace == pro.workspace


def test_a_variant_without_a_price_sells_at_the_products(free):
    variant = ProductVariantFactory(
        product=ProductFactory(workspace=free.workspace, price=Decimal("12"))
    )

    body = free.client.get(f"{VARIANTS}{variant.pk}/").json()

    assert (body["price"], body["effective_price"]) == (None, "12.00")


def test_the_variant_list_costs_the_same_queries_for_any_page_size(free):
    assert_constant_list_queries(
        free.client,
        VARIANTS,
        lambda count: [
            ProductVariantFactory(product=ProductFactory(workspace=free.workspace))
            for _ in range(count)
        ],
    )


def test_variants_filter_by_product(free):
    product = ProductFactory(workspace=free.workspace)
    mine = ProductVariantFactory(product=product)
    ProductVariantFactory(product=ProductFactory(workspace=free.workspace))

    response = free.client.get(VARIANTS, {"product": product.pk})

    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_a_variant_sku_that_a_product_uses_is_a_400(pro):
    product = ProductFactory(workspace=pro.workspace, sku="TEE")

    response = pro.client.post(VARIANTS, {"product": product.pk, "sku": "TEE"}, format="json")

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["sku"]
    assert ProductVariant.objects.count() == 0


def test_a_duplicate_barcode_is_a_400(pro):
    product = ProductFactory(workspace=pro.workspace)
    ProductVariantFactory(product=product, barcode="4006381333931")

    response = pro.client.post(
        VARIANTS, {"product": product.pk, "sku": "NEW", "barcode": "4006381333931"}, format="json"
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["barcode"]


def test_another_workspaces_product_is_a_400(pro, other_workspace):
    theirs = ProductFactory(workspace=other_workspace.workspace)

    response = pro.client.post(VARIANTS, {"product": theirs.pk, "sku": "X-1"}, format="json")

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["product"]
    assert ProductVariant.objects.count() == 0


def test_a_variant_cannot_move_to_another_product(pro):
    variant = ProductVariantFactory(product=ProductFactory(workspace=pro.workspace))
    other = ProductFactory(workspace=pro.workspace)

    response = pro.client.patch(f"{VARIANTS}{variant.pk}/", {"product": other.pk}, format="json")

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["product"]


def test_a_negative_variant_price_is_a_400(pro):
    variant = ProductVariantFactory(product=ProductFactory(workspace=pro.workspace))

    response = pro.client.patch(f"{VARIANTS}{variant.pk}/", {"price": "-0.01"}, format="json")

    assert_error(response, 400, "validation_error")
    variant.refresh_from_db()
    assert variant.price is None


def test_a_variant_with_stock_cannot_be_deleted(pro):
    variant = ProductVariantFactory(product=ProductFactory(workspace=pro.workspace))
    InventoryLot.objects.create(
        workspace=pro.workspace,
        product=variant.product,
        variant=variant,
        lot_number="L",
        location="W",
    )

    assert_error(pro.client.delete(f"{VARIANTS}{variant.pk}/"), 409, "conflict")
    assert ProductVariant.objects.filter(pk=variant.pk).exists()


# --- Suppliers ------------------------------------------------------------------------------


def test_a_supplier_is_created_with_what_it_supplies(pro):
    product = ProductFactory(workspace=pro.workspace)

    response = pro.client.post(
        SUPPLIERS,
        {
            "name": "Nordic Textiles AB",
            "contact_name": "Ingrid Larsson",
            "email": "orders@nordic.example",
            "lead_time_days": 21,
            "currency": "SEK",
            "products": [{"product": product.pk, "cost": "95.5", "supplier_sku": "NT-1"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": ANY,
        "name": "Nordic Textiles AB",
        "contact_name": "Ingrid Larsson",
        "email": "orders@nordic.example",
        "phone": "",
        "website": "",
        "address": "",
        "lead_time_days": 21,
        "currency": "SEK",
        "notes": "",
        "products": [
            {
                "product": product.pk,
                "product_sku": product.sku,
                "product_name": product.name,
                "supplier_sku": "NT-1",
                "cost": "95.50",
                "lead_time_days": None,
            }
        ],
        "created_at": ANY,
        "updated_at": ANY,
    }


def test_sending_products_replaces_the_list(pro):
    supplier = SupplierFactory(workspace=pro.workspace)
    kept = SupplierProductFactory(supplier=supplier, workspace=pro.workspace)
    dropped = SupplierProductFactory(supplier=supplier, workspace=pro.workspace)
    added = ProductFactory(workspace=pro.workspace)

    response = pro.client.patch(
        f"{SUPPLIERS}{supplier.pk}/",
        {"products": [{"product": kept.product_id, "cost": "7"}, {"product": added.pk}]},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert {row["product"] for row in response.json()["products"]} == {
        kept.product_id,
        added.pk,
    }
    assert not SupplierProduct.objects.filter(pk=dropped.pk).exists()
    kept.refresh_from_db()
    assert kept.cost == Decimal("7")


def test_suppliers_filter_by_the_product_they_supply(free):
    link = SupplierProductFactory(
        supplier=SupplierFactory(workspace=free.workspace), workspace=free.workspace
    )
    SupplierFactory(workspace=free.workspace)

    response = free.client.get(SUPPLIERS, {"product": link.product_id})

    assert [row["id"] for row in response.json()["results"]] == [link.supplier_id]


def test_the_supplier_list_costs_the_same_queries_for_any_page_size(free):
    def add_rows(count: int) -> None:
        for _ in range(count):
            supplier = SupplierFactory(workspace=free.workspace)
            SupplierProductFactory.create_batch(2, supplier=supplier, workspace=free.workspace)

    assert_constant_list_queries(free.client, SUPPLIERS, add_rows)


def test_another_workspaces_product_in_a_supplier_is_a_400(pro, other_workspace):
    theirs = ProductFactory(workspace=other_workspace.workspace)

    response = pro.client.post(
        SUPPLIERS, {"name": "Sneaky", "products": [{"product": theirs.pk}]}, format="json"
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["products"]
    assert Supplier.objects.count() == 0


def test_a_product_listed_twice_is_a_400(pro):
    product = ProductFactory(workspace=pro.workspace)

    response = pro.client.post(
        SUPPLIERS,
        {"name": "Twice", "products": [{"product": product.pk}, {"product": product.pk}]},
        format="json",
    )

    error = assert_error(response, 400, "validation_error")
    assert error["details"] == {"products": {"1": {"product": ["This product is listed twice."]}}}
    assert Supplier.objects.count() == 0


def test_an_unknown_supplier_currency_or_negative_cost_is_a_400(pro):
    product = ProductFactory(workspace=pro.workspace)

    bad_currency = pro.client.post(SUPPLIERS, {"name": "A", "currency": "ABC"}, format="json")
    bad_cost = pro.client.post(
        SUPPLIERS, {"name": "B", "products": [{"product": product.pk, "cost": "-3"}]}, format="json"
    )

    assert list(assert_error(bad_currency, 400, "validation_error")["details"]) == ["currency"]
    assert list(assert_error(bad_cost, 400, "validation_error")["details"]) == ["products"]
    assert Supplier.objects.count() == 0
