"""Request and response bodies of the catalogue endpoints.

Serializers check the shape of what a client sends (types, lengths, known currency codes,
amounts that are numbers and not negative); the services check what needs the database (unique
SKUs, category cycles) and do the writes.
"""

from .catalogue import (
    CategorySerializer,
    ProductSerializer,
    ProductVariantInlineSerializer,
    ProductVariantSerializer,
    SupplierProductSerializer,
    SupplierSerializer,
)
from .common import CatalogActorSerializer, MoneyField, actor_summary, quantity_field
from .inventory import (
    InventoryLotSerializer,
    OnHandSerializer,
    StockMovementSerializer,
    StockMoveResultSerializer,
    StockMoveSerializer,
)
from .pricing import PriceChangeSerializer

__all__ = [
    "CatalogActorSerializer",
    "CategorySerializer",
    "InventoryLotSerializer",
    "MoneyField",
    "OnHandSerializer",
    "PriceChangeSerializer",
    "ProductSerializer",
    "ProductVariantInlineSerializer",
    "ProductVariantSerializer",
    "StockMoveResultSerializer",
    "StockMoveSerializer",
    "StockMovementSerializer",
    "SupplierProductSerializer",
    "SupplierSerializer",
    "actor_summary",
    "quantity_field",
]
