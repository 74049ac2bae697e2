"""Reads of the catalogue that are more than a filtered queryset."""

from django.db.models import Count, Min, Q, QuerySet, Sum

from accounts.models import Workspace

from .models import Category, InventoryLot


def category_parents(*, workspace: Workspace, lock: bool = False) -> dict[int, int | None]:
    """Each category id of the workspace mapped to its parent id, in one query.

    With `lock`, the rows stay locked until the transaction ends, so two concurrent moves
    cannot each pass the cycle check and together close a loop.
    """
    queryset = Category.objects.for_workspace(workspace)
    if lock:
        queryset = queryset.select_for_update()
    return dict(queryset.values_list("id", "parent_id"))


def category_subtree_ids(*, workspace: Workspace, category_id: int) -> set[int]:
    """The category and all its descendants; empty when the id is not the workspace's."""
    parents = category_parents(workspace=workspace)
    if category_id not in parents:
        return set()
    children: dict[int | None, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)

    subtree, pending = set(), [category_id]
    while pending:
        node = pending.pop()
        if node not in subtree:
            subtree.add(node)
            pending.extend(children.get(node, ()))
    return subtree


def on_hand_totals(*, lots: QuerySet[InventoryLot]) -> QuerySet:
    """Stock on hand per product and location over the given lots, as dict rows.

    Each row holds `product_id`, the product's `sku` and `name`, `location`, the summed
    quantity as `on_hand`, and the number of lots holding stock with the earliest expiry among
    them; rows are ordered by product, then location.
    """
    in_stock = Q(quantity__gt=0)
    return (
        lots.order_by()
        .values("product_id", "product__sku", "product__name", "location")
        .annotate(
            on_hand=Sum("quantity"),
            lot_count=Count("id", filter=in_stock),
            next_expiry=Min("expires_on", filter=in_stock),
        )
        .order_by("product_id", "location")
    )
