"""Who may call each catalogue endpoint: plan, credential, role, key scope and workspace."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest

from accounts.models import FeatureOverride, Workspace
from accounts.plans import Plan
from accounts.roles import Role
from catalog.models import Category, InventoryLot, Product, ProductVariant, Supplier
from catalog.services import lot_create
from tests.helpers import assert_error

from .factories import (
    CategoryFactory,
    InventoryLotFactory,
    ProductFactory,
    ProductVariantFactory,
    SupplierFactory,
)

PLAN_BELOW = {Plan.PRO: Plan.FREE, Plan.ENTERPRISE: Plan.PRO}


@dataclass(frozen=True)
class Resource:
    """A writable catalogue resource and how to make rows and request bodies for it."""

    route: str
    model: type
    read_plan: Plan
    write_plan: Plan
    # A role whose permissions lack the one the writes need.
    role_without_permission: Role
    make: Callable[[Workspace], object]
    body: Callable[[Workspace], dict]
    patch: dict

    @property
    def url(self) -> str:
        return f"/api/catalog/{self.route}/"

    def detail(self, obj) -> str:
        return f"{self.url}{obj.pk}/"

    def __str__(self) -> str:
        return self.route


RESOURCES = [
    Resource(
        "categories",
        Category,
        Plan.FREE,
        Plan.PRO,
        Role.MEMBER,
        lambda ws: CategoryFactory(workspace=ws),
        lambda ws: {"name": "Garden"},
        {"name": "Yard"},
    ),
    Resource(
        "products",
        Product,
        Plan.FREE,
        Plan.PRO,
        Role.MEMBER,
        lambda ws: ProductFactory(workspace=ws),
        lambda ws: {"name": "Mug", "sku": "MUG-1", "price": "9.90", "currency": "EUR"},
        {"name": "Big mug"},
    ),
    Resource(
        "variants",
        ProductVariant,
        Plan.FREE,
        Plan.PRO,
        Role.MEMBER,
        lambda ws: ProductVariantFactory(product=ProductFactory(workspace=ws)),
        lambda ws: {"product": ProductFactory(workspace=ws).pk, "sku": "MUG-1-BLUE"},
        {"options": {"colour": "blue"}},
    ),
    Resource(
        "suppliers",
        Supplier,
        Plan.FREE,
        Plan.PRO,
        Role.MEMBER,
        lambda ws: SupplierFactory(workspace=ws),
        lambda ws: {"name": "Lyon Ceramics", "currency": "EUR"},
        {"lead_time_days": 12},
    ),
    Resource(
        "inventory-lots",
        InventoryLot,
        Plan.ENTERPRISE,
        Plan.ENTERPRISE,
        Role.VIEWER,
        lambda ws: InventoryLotFactory(workspace=ws),
        lambda ws: {
            "product": ProductFactory(workspace=ws).pk,
            "lot_number": "L-1",
            "location": "WH-1",
            "quantity": "5",
        },
        {"notes": "Shelf 4"},
    ),
]
GATED_READS = [r for r in RESOURCES if r.read_plan != Plan.FREE]
READ_ONLY = [("stock-movements", Plan.ENTERPRISE), ("price-history", Plan.ENTERPRISE)]


@pytest.fixture(params=RESOURCES, ids=str)
def resource(request) -> Resource:
    return request.param


# --- Plans ----------------------------------------------------------------------------------


def test_each_resource_lists_and_reads_on_the_plan_that_has_it(resource, make_member):
    actor = make_member(resource.read_plan)
    obj = resource.make(actor.workspace)

    listed = actor.client.get(resource.url)
    read = actor.client.get(resource.detail(obj))

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [obj.pk]
    assert read.status_code == 200
    assert read.json()["id"] == obj.pk


def test_each_resource_is_written_on_the_plan_that_has_it(resource, make_member):
    actor = make_member(resource.write_plan)
    obj = resource.make(actor.workspace)

    created = actor.client.post(resource.url, resource.body(actor.workspace), format="json")
    changed = actor.client.patch(resource.detail(obj), resource.patch, format="json")
    deleted = actor.client.delete(resource.detail(obj))

    assert created.status_code == 201, created.content
    assert changed.status_code == 200, changed.content
    assert deleted.status_code == 204, deleted.content
    assert not resource.model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("resource", GATED_READS, ids=str)
def test_reading_on_the_plan_below_is_feature_not_available(resource, make_member):
    actor = make_member(PLAN_BELOW[resource.read_plan])

    error = assert_error(actor.client.get(resource.url), 403, "feature_not_available")

    assert error["details"]["required_plan"] == resource.read_plan


def test_writing_on_the_plan_below_is_feature_not_available(resource, make_member):
    actor = make_member(PLAN_BELOW[resource.write_plan])
    obj = resource.make(actor.workspace)
    body = resource.body(actor.workspace)
    before = resource.model.objects.count()

    responses = [
        actor.client.post(resource.url, body, format="json"),
        actor.client.patch(resource.detail(obj), resource.patch, format="json"),
        actor.client.delete(resource.detail(obj)),
    ]

    for response in responses:
        error = assert_error(response, 403, "feature_not_available")
        assert error["details"]["required_plan"] == resource.write_plan
    assert resource.model.objects.count() == before


def test_free_reads_follow_a_withdrawn_flag(make_member):
    actor = make_member(Plan.FREE)
    FeatureOverride.objects.create(workspace=actor.workspace, flag="catalog.browse", enabled=False)

    assert_error(actor.client.get("/api/catalog/products/"), 403, "feature_not_available")
    assert_error(actor.client.get("/api/catalog/categories/"), 403, "feature_not_available")


@pytest.mark.parametrize(("route", "plan"), READ_ONLY)
def test_read_only_histories_are_enterprise_and_refuse_writes(route, plan, make_member):
    owner = make_member(plan)
    below = make_member(PLAN_BELOW[plan])
    url = f"/api/catalog/{route}/"

    assert owner.client.get(url).status_code == 200
    assert_error(below.client.get(url), 403, "feature_not_available")
    assert_error(owner.client.post(url, {}, format="json"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    "url",
    ["/api/catalog/inventory-lots/on-hand/", "/api/catalog/stock-movements/"],
)
def test_inventory_reads_are_enterprise(url, make_member):
    assert make_member(Plan.ENTERPRISE).client.get(url).status_code == 200
    assert_error(make_member(Plan.PRO).client.get(url), 403, "feature_not_available")


def test_moving_stock_is_enterprise(make_member):
    pro = make_member(Plan.PRO)
    lot = InventoryLotFactory(workspace=pro.workspace)

    response = pro.client.post(
        f"/api/catalog/inventory-lots/{lot.pk}/move/",
        {"kind": "receipt", "quantity": "3"},
        format="json",
    )

    assert_error(response, 403, "feature_not_available")
    lot.refresh_from_db()
    assert lot.quantity == 0


# --- Credentials, roles and scopes ----------------------------------------------------------


def test_no_credential_is_a_401(resource, anonymous, db):
    assert_error(anonymous.get(resource.url), 401, "not_authenticated")
    assert_error(anonymous.post(resource.url, {}, format="json"), 401, "not_authenticated")


def test_a_role_without_the_permission_cannot_write(resource, make_member):
    actor = make_member(Plan.ENTERPRISE, role=resource.role_without_permission)
    obj = resource.make(actor.workspace)
    body = resource.body(actor.workspace)
    before = resource.model.objects.count()

    created = actor.client.post(resource.url, body, format="json")
    changed = actor.client.patch(resource.detail(obj), resource.patch, format="json")
    deleted = actor.client.delete(resource.detail(obj))

    for response in (created, changed, deleted):
        error = assert_error(response, 403, "permission_missing")
        assert error["details"]["permission"].startswith("catalog.manage_")
    assert actor.client.get(resource.url).status_code == 200
    assert resource.model.objects.count() == before


def test_a_member_manages_stock_but_not_the_catalogue(make_member):
    member = make_member(Plan.ENTERPRISE, role=Role.MEMBER)
    product = ProductFactory(workspace=member.workspace)

    lot = member.client.post(
        "/api/catalog/inventory-lots/",
        {"product": product.pk, "lot_number": "L-9", "location": "WH-1", "quantity": "4"},
        format="json",
    )
    renamed = member.client.patch(
        f"/api/catalog/products/{product.pk}/", {"name": "Renamed"}, format="json"
    )

    assert lot.status_code == 201
    assert_error(renamed, 403, "permission_missing")


def test_a_read_scoped_key_reads_but_cannot_write(resource, make_api_key):
    actor = make_api_key(["catalog.read"])
    obj = resource.make(actor.workspace)

    created = actor.client.post(resource.url, resource.body(actor.workspace), format="json")
    changed = actor.client.patch(resource.detail(obj), resource.patch, format="json")

    assert actor.client.get(resource.url).status_code == 200
    assert_error(created, 403, "scope_missing")
    assert_error(changed, 403, "scope_missing")


def test_a_write_scoped_key_can_write(resource, make_api_key):
    actor = make_api_key(["catalog.write"])

    response = actor.client.post(resource.url, resource.body(actor.workspace), format="json")

    assert response.status_code == 201, response.content


def test_a_key_of_another_module_cannot_read_the_catalogue(make_api_key):
    actor = make_api_key(["sales.write"])

    assert_error(actor.client.get("/api/catalog/products/"), 403, "scope_missing")


# --- Workspaces -----------------------------------------------------------------------------


def test_another_workspaces_rows_are_404_and_never_listed(resource, enterprise, other_workspace):
    theirs = resource.make(other_workspace.workspace)
    mine = resource.make(enterprise.workspace)

    listed = enterprise.client.get(resource.url)
    responses = [
        enterprise.client.get(resource.detail(theirs)),
        enterprise.client.patch(resource.detail(theirs), resource.patch, format="json"),
        enterprise.client.put(
            resource.detail(theirs), resource.body(enterprise.workspace), format="json"
        ),
        enterprise.client.delete(resource.detail(theirs)),
    ]

    assert [row["id"] for row in listed.json()["results"]] == [mine.pk]
    for response in responses:
        assert_error(response, 404, "not_found")
    assert resource.model.objects.filter(pk=theirs.pk).exists()


def test_the_aggregated_routes_serve_the_same_rows(resource, enterprise):
    obj = resource.make(enterprise.workspace)

    response = enterprise.client.get(f"/api/{resource.route}/{obj.pk}/")

    assert response.status_code == 200
    assert response.json() == enterprise.client.get(resource.detail(obj)).json()


def test_another_workspaces_lot_cannot_be_moved(enterprise, other_workspace):
    product = ProductFactory(workspace=other_workspace.workspace)
    lot = lot_create(
        workspace=other_workspace.workspace,
        product=product,
        lot_number="L-1",
        location="WH-1",
        quantity=Decimal(5),
    )

    response = enterprise.client.post(
        f"/api/catalog/inventory-lots/{lot.pk}/move/",
        {"kind": "sale", "quantity": "5"},
        format="json",
    )

    assert_error(response, 404, "not_found")
    lot.refresh_from_db()
    assert lot.quantity == 5


@pytest.mark.parametrize(
    "url",
    [
        "/api/catalog/stock-movements/",
        "/api/catalog/price-history/",
        "/api/catalog/inventory-lots/on-hand/",
    ],
)
def test_the_histories_and_totals_need_a_credential(url, anonymous, db):
    assert_error(anonymous.get(url), 401, "not_authenticated")


def test_another_workspaces_history_rows_are_404(enterprise, other_workspace):
    theirs = ProductFactory(workspace=other_workspace.workspace)
    lot = lot_create(
        workspace=other_workspace.workspace,
        product=theirs,
        lot_number="L-1",
        location="WH-1",
        quantity=Decimal(5),
    )
    movement = lot.movements.get()
    change = theirs.price_changes.get()

    for url in (
        f"/api/catalog/stock-movements/{movement.pk}/",
        f"/api/catalog/price-history/{change.pk}/",
    ):
        assert_error(enterprise.client.get(url), 404, "not_found")
    assert enterprise.client.get("/api/catalog/stock-movements/").json()["results"] == []
    assert enterprise.client.get("/api/catalog/price-history/").json()["results"] == []
