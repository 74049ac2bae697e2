"""The catalogue in the admin, in the plan table and in the OpenAPI schema."""

from decimal import Decimal

import pytest
from django.contrib.admin.sites import site as admin_site

from accounts.plans import Plan, operation_for
from catalog import models
from catalog.services import lot_create, stock_move
from tests.factories import UserFactory

from .factories import (
    CategoryFactory,
    ProductFactory,
    ProductVariantFactory,
    SupplierProductFactory,
)

CATALOG_MODELS = [
    models.Category,
    models.Product,
    models.ProductVariant,
    models.Supplier,
    models.SupplierProduct,
    models.InventoryLot,
    models.StockMovement,
    models.PriceChange,
]


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def catalogue(db):
    product = ProductFactory(category=None)
    CategoryFactory(workspace=product.workspace)
    ProductVariantFactory(product=product, price=Decimal("3"))
    SupplierProductFactory(workspace=product.workspace, product=product)
    lot = lot_create(
        workspace=product.workspace,
        product=product,
        lot_number="L-1",
        location="WH",
        quantity=Decimal(4),
    )
    stock_move(lot=lot, kind="sale", quantity=Decimal(1))
    return product


@pytest.mark.parametrize("model", CATALOG_MODELS, ids=lambda m: m.__name__)
def test_every_catalog_model_has_a_searchable_filterable_admin(model, staff_client, catalogue):
    model_admin = admin_site._registry.get(model)
    url = f"/admin/catalog/{model._meta.model_name}/"

    listed = staff_client.get(url)
    searched = staff_client.get(url, {"q": catalogue.sku})

    assert model_admin is not None
    assert listed.status_code == 200
    assert searched.status_code == 200
    assert len(model_admin.list_display) >= 4
    assert model_admin.search_fields and model_admin.list_filter


def test_the_product_pages_render(staff_client, catalogue):
    assert staff_client.get("/admin/catalog/product/add/").status_code == 200
    assert staff_client.get(f"/admin/catalog/product/{catalogue.pk}/change/").status_code == 200


def test_stock_and_price_records_are_read_only_in_the_admin(staff_client, catalogue):
    lot = models.InventoryLot.objects.get()

    assert staff_client.get("/admin/catalog/inventorylot/add/").status_code == 403
    assert staff_client.get("/admin/catalog/stockmovement/add/").status_code == 403
    assert staff_client.get("/admin/catalog/pricechange/add/").status_code == 403
    page = staff_client.get(f"/admin/catalog/inventorylot/{lot.pk}/change/")
    assert page.status_code == 200
    assert b'name="quantity"' not in page.content
    assert b'name="expires_on"' in page.content


def test_moving_stock_and_reading_totals_have_their_operations():
    move = operation_for("catalog.inventory-lots", "move")
    on_hand = operation_for("catalog.inventory-lots", "on_hand")
    history = operation_for("catalog.stock-movements", "list")

    assert (move.flag, move.permission) == ("catalog.inventory", "catalog.manage_inventory")
    assert (on_hand.flag, on_hand.permission) == ("catalog.inventory", None)
    assert (history.flag, history.permission) == ("catalog.inventory", None)
    assert operation_for("catalog.stock-movements", "create") is None


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker) -> dict:
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        return APIClient().get("/api/schema/", {"format": "json"}).json()


@pytest.mark.parametrize(
    ("path", "method", "plan", "permission"),
    [
        ("/api/catalog/products/", "get", Plan.FREE, None),
        ("/api/catalog/products/", "post", Plan.PRO, "catalog.manage_suppliers"),
        ("/api/catalog/categories/", "get", Plan.FREE, None),
        ("/api/catalog/price-history/", "get", Plan.ENTERPRISE, None),
        ("/api/catalog/inventory-lots/", "post", Plan.ENTERPRISE, "catalog.manage_inventory"),
        (
            "/api/catalog/inventory-lots/{id}/move/",
            "post",
            Plan.ENTERPRISE,
            "catalog.manage_inventory",
        ),
        ("/api/catalog/inventory-lots/on-hand/", "get", Plan.ENTERPRISE, None),
        ("/api/catalog/stock-movements/", "get", Plan.ENTERPRISE, None),
    ],
)
def test_the_schema_states_each_catalog_operations_plan(schema, path, method, plan, permission):
    operation = schema["paths"][path][method]

    assert operation["x-plan"] == plan
    assert operation.get("x-role-permission") == permission
    assert operation["tags"] == ["catalog"]
