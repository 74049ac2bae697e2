"""Writes of the catalogue: every change the API, the admin, imports or tasks make goes here.

Each function is keyword-only, runs in one transaction and raises a DRF `ValidationError` naming
the field (a 400) or a `Conflict` (a 409) before it writes anything it would have to undo.
"""

from .categories import category_create, category_delete, category_update
from .inventory import (
    MOVE_KINDS,
    StockMoveResult,
    lot_create,
    lot_delete,
    lot_update,
    stock_move,
    stock_take,
)
from .products import product_create, product_delete, product_update
from .suppliers import supplier_create, supplier_delete, supplier_update
from .variants import variant_create, variant_delete, variant_update

__all__ = [
    "MOVE_KINDS",
    "StockMoveResult",
    "category_create",
    "category_delete",
    "category_update",
    "lot_create",
    "lot_delete",
    "lot_update",
    "product_create",
    "product_delete",
    "product_update",
    "stock_move",
    "stock_take",
    "supplier_create",
    "supplier_delete",
    "supplier_update",
    "variant_create",
    "variant_delete",
    "variant_update",
]
