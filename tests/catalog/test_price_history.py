"""Every price change is recorded, whichever way it is made: API, admin, services, plain ORM."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db.models import F
from django.db.models.signals import post_save
from django.test import RequestFactory
from django.utils import timezone
from freezegun import freeze_time

from catalog.actors import ChangeActor, ChangeSource, acting_as
from catalog.models import PriceChange, Product, ProductVariant
from catalog.services import product_create, product_update, variant_update
from tests.factories import UserFactory
from tests.helpers import ANY, assert_constant_list_queries, assert_error

from .factories import ProductFactory, ProductVariantFactory

URL = "/api/catalog/price-history/"


def changes(**filters) -> list[tuple]:
    """(sku, old price, new price, currency) of the recorded changes, oldest first."""
    rows = PriceChange.objects.filter(**filters).order_by("id")
    return [(row.sku, row.old_price, row.new_price, row.currency) for row in rows]


def first_price_and_after(product) -> list:
    return changes(product=product)[1:]


# --- Through the API ------------------------------------------------------------------------


def test_api_changes_are_recorded_with_who_and_when(enterprise):
    created = enterprise.client.post(
        "/api/catalog/products/",
        {"name": "Mug", "sku": "MUG", "price": "10", "currency": "EUR"},
        format="json",
    ).json()
    enterprise.client.patch(
        f"/api/catalog/products/{created['id']}/", {"price": "12.5"}, format="json"
    )

    response = enterprise.client.get(URL)

    user = enterprise.membership.user
    who = {"kind": "user", "id": user.pk, "name": user.username}
    entry = {
        "id": ANY,
        "product": created["id"],
        "variant": None,
        "sku": "MUG",
        "changed_at": ANY,
        "changed_by": who,
        "source": "api",
    }
    assert response.json()["results"] == [
        entry
        | {"old_price": "10.00", "new_price": "12.50", "old_currency": "EUR"}
        | {"currency": "EUR"},
        entry | {"old_price": None, "new_price": "10.00", "old_currency": ""} | {"currency": "EUR"},
    ]


def test_a_change_by_an_api_key_records_the_key(make_api_key):
    actor = make_api_key(["catalog.write"])
    product = ProductFactory(workspace=actor.workspace, price=Decimal("5"))

    actor.client.patch(f"/api/catalog/products/{product.pk}/", {"price": "6"}, format="json")

    change = PriceChange.objects.latest("id")
    assert (change.changed_by, change.changed_by_api_key) == (None, actor.credential)
    body = actor.client.get(URL).json()["results"][0]
    assert body["changed_by"] == {
        "kind": "api_key",
        "id": actor.credential.pk,
        "name": str(actor.credential),
    }


def test_a_write_that_keeps_the_price_records_nothing(enterprise):
    product = ProductFactory(workspace=enterprise.workspace, price=Decimal("5"))
    before = PriceChange.objects.count()

    enterprise.client.patch(
        f"/api/catalog/products/{product.pk}/", {"name": "New", "price": "5.00"}, format="json"
    )

    assert PriceChange.objects.count() == before


def test_variant_prices_are_recorded_alone_and_within_their_product(enterprise):
    product = ProductFactory(workspace=enterprise.workspace, sku="TEE", price=Decimal("20"))
    variant = ProductVariantFactory(product=product, sku="TEE-XL")

    enterprise.client.patch(f"/api/catalog/variants/{variant.pk}/", {"price": "22"}, format="json")
    enterprise.client.patch(
        f"/api/catalog/products/{product.pk}/",
        {"variants": [{"id": variant.pk, "price": None}]},
        format="json",
    )

    assert changes(variant=variant) == [
        ("TEE-XL", None, Decimal("22"), "EUR"),
        ("TEE-XL", Decimal("22"), None, "EUR"),
    ]


def test_a_new_currency_is_recorded_for_the_product_and_its_priced_variants(enterprise):
    product = ProductFactory(workspace=enterprise.workspace, sku="P", price=Decimal("20"))
    priced = ProductVariantFactory(product=product, sku="P-1", price=Decimal("25"))
    ProductVariantFactory(product=product, sku="P-2")

    enterprise.client.patch(
        f"/api/catalog/products/{product.pk}/", {"currency": "USD"}, format="json"
    )

    rows = PriceChange.objects.filter(old_currency="EUR", currency="USD").order_by("sku")
    assert [(r.sku, r.variant_id, r.old_price, r.new_price) for r in rows] == [
        ("P", None, Decimal("20"), Decimal("20")),
        ("P-1", priced.pk, Decimal("25"), Decimal("25")),
    ]


def test_refused_input_records_no_price_change(enterprise):
    product = ProductFactory(workspace=enterprise.workspace, price=Decimal("5"))
    ProductFactory(workspace=enterprise.workspace, sku="TAKEN")
    before = PriceChange.objects.count()

    response = enterprise.client.patch(
        f"/api/catalog/products/{product.pk}/", {"price": "9", "sku": "TAKEN"}, format="json"
    )

    assert_error(response, 400, "validation_error")
    assert PriceChange.objects.count() == before
    product.refresh_from_db()
    assert product.price == 5


# --- Through the admin ----------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_the_admin_save_model_records_the_staff_user(superuser):
    product = ProductFactory(price=Decimal("10"))
    request = RequestFactory().post("/admin/")
    request.user = superuser
    product.price = Decimal("11")

    admin_site._registry[Product].save_model(request, product, form=None, change=True)

    change = PriceChange.objects.latest("id")
    assert (change.old_price, change.new_price) == (Decimal("10"), Decimal("11"))
    assert (change.changed_by, change.source) == (superuser, "admin")


def test_the_admin_change_form_records_the_staff_user(client, superuser):
    variant = ProductVariantFactory(price=Decimal("10"), sku="V-1")
    client.force_login(superuser)

    response = client.post(
        f"/admin/catalog/productvariant/{variant.pk}/change/",
        {
            "product": variant.product_id,
            "sku": "V-1",
            "options": '{"size": "M"}',
            "price": "12.00",
            "barcode": "",
            "position": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert changes(variant=variant)[-1] == ("V-1", Decimal("10"), Decimal("12"), "EUR")
    assert PriceChange.objects.latest("id").changed_by == superuser


def test_the_admin_product_page_records_product_and_inline_variant_changes(client, superuser):
    product = ProductFactory(price=Decimal("10"), sku="P-1")
    variant = ProductVariantFactory(product=product, sku="P-1-M")
    client.force_login(superuser)
    inline = {
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "1",
        "variants-0-id": str(variant.pk),
        "variants-0-product": str(product.pk),
        "variants-0-sku": "P-1-M",
        "variants-0-options": '{"size": "M"}',
        "variants-0-price": "13",
        "variants-0-barcode": "",
        "variants-0-position": "0",
        "supplier_links-TOTAL_FORMS": "0",
        "supplier_links-INITIAL_FORMS": "0",
    }

    response = client.post(
        f"/admin/catalog/product/{product.pk}/change/",
        {
            "workspace": product.workspace_id,
            "name": product.name,
            "sku": "P-1",
            "description": "",
            "status": "active",
            "price": "11",
            "currency": "EUR",
            "unit": "piece",
            "tax_class": "standard",
            "attributes": "{}",
            **inline,
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    recorded = PriceChange.objects.filter(source=ChangeSource.ADMIN, changed_by=superuser)
    assert sorted((row.sku, row.new_price) for row in recorded) == [
        ("P-1", Decimal("11")),
        ("P-1-M", Decimal("13")),
    ]


# --- Through services and the ORM -----------------------------------------------------------


def test_an_import_through_the_services_records_its_actor(db):
    importer = UserFactory()
    product = ProductFactory(price=Decimal("3"))

    product_update(
        product=product,
        data={"price": Decimal("4")},
        actor=ChangeActor(user=importer, source=ChangeSource.IMPORT),
    )

    change = PriceChange.objects.latest("id")
    assert (change.changed_by, change.source, change.new_price) == (importer, "import", 4)


def test_a_new_product_starts_its_history(db):
    product = product_create(
        workspace=ProductFactory().workspace, name="Kettle", sku="K-1", price=Decimal("40")
    )

    assert changes(product=product) == [("K-1", None, Decimal("40"), "EUR")]
    assert PriceChange.objects.get(product=product).source == "system"


def test_a_plain_save_is_recorded_without_a_user(db):
    product = ProductFactory(price=Decimal("3"))

    product.price = Decimal("3.5")
    product.save()

    change = PriceChange.objects.latest("id")
    assert (change.old_price, change.new_price, change.changed_by, change.source) == (
        Decimal("3"),
        Decimal("3.5"),
        None,
        "system",
    )


def test_a_save_of_other_fields_only_records_nothing(db):
    product = ProductFactory(price=Decimal("3"))
    before = PriceChange.objects.count()

    product.price = Decimal("99")  # not saved: update_fields names only the name
    product.name = "Renamed"
    product.save(update_fields=["name"])

    assert PriceChange.objects.count() == before


def test_a_queryset_update_with_an_expression_is_recorded_per_row(db):
    a = ProductFactory(price=Decimal("10"))
    b = ProductFactory(workspace=a.workspace, price=Decimal("20"))

    with acting_as(ChangeActor(source=ChangeSource.IMPORT)):
        Product.objects.filter(pk__in=[a.pk, b.pk]).update(price=F("price") * 2)

    assert first_price_and_after(a) == [(a.sku, Decimal("10"), Decimal("20"), "EUR")]
    assert first_price_and_after(b) == [(b.sku, Decimal("20"), Decimal("40"), "EUR")]
    assert set(
        PriceChange.objects.filter(old_price__isnull=False).values_list("source", flat=True)
    ) == {"import"}


def test_bulk_update_of_variants_is_recorded(db):
    variants = ProductVariantFactory.create_batch(2, price=Decimal("5"))
    for variant in variants:
        variant.price = Decimal("6")

    ProductVariant.objects.bulk_update(variants, ["price"])

    assert PriceChange.objects.filter(old_price=5, new_price=6).count() == 2


def test_bulk_create_records_first_prices(db):
    workspace = ProductFactory().workspace

    Product.objects.bulk_create(
        [
            Product(workspace=workspace, name="A", sku="BULK-A", price=Decimal("1")),
            Product(workspace=workspace, name="B", sku="BULK-B", price=Decimal("2")),
        ]
    )

    assert changes(sku__startswith="BULK") == [
        ("BULK-A", None, Decimal("1"), "EUR"),
        ("BULK-B", None, Decimal("2"), "EUR"),
    ]


def test_bulk_create_that_would_skip_or_overwrite_rows_is_refused(db):
    workspace = ProductFactory().workspace
    row = Product(workspace=workspace, name="A", sku="A", price=Decimal("1"))

    with pytest.raises(ValueError, match="price history"):
        Product.objects.bulk_create([row], ignore_conflicts=True)


def test_the_service_attributes_a_variant_change(db):
    variant = ProductVariantFactory(price=Decimal("5"))
    importer = UserFactory()

    variant_update(variant=variant, data={"price": Decimal("5.5")}, actor=ChangeActor(importer))

    assert PriceChange.objects.latest("id").changed_by == importer


def test_history_cannot_be_edited(db):
    change = PriceChange.objects.get(product=ProductFactory())

    change.new_price = Decimal("0")
    with pytest.raises(ValueError, match="append-only"):
        change.save()


def test_history_outlives_a_deleted_product(enterprise):
    product = ProductFactory(workspace=enterprise.workspace, sku="GONE")

    enterprise.client.delete(f"/api/catalog/products/{product.pk}/")

    rows = enterprise.client.get(URL, {"sku": "GONE"}).json()["results"]
    assert [(row["product"], row["sku"]) for row in rows] == [(None, "GONE")]


# --- Reading the history --------------------------------------------------------------------


def test_the_history_filters_by_product_sku_and_date(enterprise, other_workspace):
    ws = enterprise.workspace
    with freeze_time(timezone.now() - timedelta(days=30)):
        ProductFactory(workspace=ws, sku="OLD")
    product = ProductFactory(workspace=ws, sku="NEW")
    variant = ProductVariantFactory(product=product, sku="NEW-V", price=Decimal("1"))
    ProductFactory(workspace=other_workspace.workspace, sku="NEW")

    def skus(**params) -> list[str]:
        response = enterprise.client.get(URL, params)
        assert response.status_code == 200, response.content
        return sorted(row["sku"] for row in response.json()["results"])

    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert skus() == ["NEW", "NEW-V", "OLD"]
    assert skus(product=product.pk) == ["NEW", "NEW-V"]
    assert skus(variant=variant.pk) == ["NEW-V"]
    assert skus(sku="NEW") == ["NEW"]
    assert skus(changed_at_after=since) == ["NEW", "NEW-V"]
    assert skus(changed_at_before=since) == ["OLD"]


def test_the_history_list_costs_the_same_queries_for_any_page_size(enterprise, make_api_key):
    user = enterprise.membership.user
    key = make_api_key(["catalog.write"], workspace=enterprise.workspace).credential

    def add_rows(count: int) -> None:
        for index in range(count):
            actor = ChangeActor(user=user) if index % 2 else ChangeActor(api_key=key)
            with acting_as(actor):
                ProductFactory(workspace=enterprise.workspace)

    assert_constant_list_queries(enterprise.client, URL, add_rows)


def test_each_recorded_change_sends_post_save_for_listeners(db):
    products = ProductFactory.create_batch(3, price=Decimal("1"))
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance.sku, instance.new_price, created))

    post_save.connect(listener, sender=PriceChange, dispatch_uid="test-price-listener")
    try:
        Product.objects.filter(pk__in=[p.pk for p in products]).update(price=Decimal("2"))
    finally:
        post_save.disconnect(dispatch_uid="test-price-listener", sender=PriceChange)

    assert sorted(heard) == sorted((p.sku, Decimal("2"), True) for p in products)
