"""The catalogue: categories, products and variants, suppliers, inventory and price history."""

from .categories import Category, creates_cycle
from .inventory import InventoryLot, MovementKind, StockMovement
from .pricing import PriceChange
from .products import Product, ProductStatus, ProductVariant, TaxClass, Unit, validate_currency
from .suppliers import Supplier, SupplierProduct

__all__ = [
    "Category",
    "InventoryLot",
    "MovementKind",
    "PriceChange",
    "Product",
    "ProductStatus",
    "ProductVariant",
    "StockMovement",
    "Supplier",
    "SupplierProduct",
    "TaxClass",
    "Unit",
    "creates_cycle",
    "validate_currency",
]
