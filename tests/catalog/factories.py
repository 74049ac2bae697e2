"""Factories for the catalogue models. Prices saved through them record history like any save."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from catalog.models import (
    Category,
    InventoryLot,
    Product,
    ProductVariant,
    Supplier,
    SupplierProduct,
)
from tests.factories import WorkspaceFactory


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Product {n}")
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    price = Decimal("19.90")
    currency = "EUR"


class ProductVariantFactory(DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductFactory)
    workspace = factory.SelfAttribute("product.workspace")
    sku = factory.Sequence(lambda n: f"VAR-{n:05d}")
    options = factory.LazyFunction(lambda: {"size": "M"})


class SupplierFactory(DjangoModelFactory):
    class Meta:
        model = Supplier

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Supplier {n}")
    currency = "EUR"


class SupplierProductFactory(DjangoModelFactory):
    class Meta:
        model = SupplierProduct

    supplier = factory.SubFactory(SupplierFactory)
    workspace = factory.SelfAttribute("supplier.workspace")
    product = factory.SubFactory(ProductFactory, workspace=factory.SelfAttribute("..workspace"))
    cost = Decimal("8.00")


class InventoryLotFactory(DjangoModelFactory):
    """A lot as stored; tests of stock use `lot_create` so the receipt is a movement."""

    class Meta:
        model = InventoryLot

    workspace = factory.SubFactory(WorkspaceFactory)
    product = factory.SubFactory(ProductFactory, workspace=factory.SelfAttribute("..workspace"))
    lot_number = factory.Sequence(lambda n: f"LOT-{n:04d}")
    location = "WH-1"
    quantity = Decimal(0)
    quantity_received = Decimal(0)
