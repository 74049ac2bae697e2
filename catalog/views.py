"""Catalogue endpoints: parse, let the base check plan, scope and role, then call a service."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from simplycrm.api.pagination import CreatedCursorPagination
from simplycrm.api.views import WorkspaceModelViewSet, WorkspaceReadOnlyViewSet

from . import services
from .actors import ChangeActor
from .filters import (
    CategoryFilterSet,
    InventoryLotFilterSet,
    PriceChangeFilterSet,
    ProductFilterSet,
    ProductVariantFilterSet,
    StockMovementFilterSet,
    SupplierFilterSet,
)
from .models import (
    Category,
    InventoryLot,
    PriceChange,
    Product,
    ProductVariant,
    StockMovement,
    Supplier,
    SupplierProduct,
)
from .selectors import on_hand_totals
from .serializers import (
    CategorySerializer,
    InventoryLotSerializer,
    OnHandSerializer,
    PriceChangeSerializer,
    ProductSerializer,
    ProductVariantSerializer,
    StockMovementSerializer,
    StockMoveResultSerializer,
    StockMoveSerializer,
    SupplierSerializer,
)


class CategoryViewSet(WorkspaceModelViewSet):
    """Product categories, a tree per workspace. Deleting one that is not empty is a 409."""

    resource = "catalog.categories"
    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    filterset_class = CategoryFilterSet
    search_fields = ["name", "slug"]
    ordering_fields = ["created_at", "name", "position"]

    def perform_create(self, serializer):
        serializer.instance = services.category_create(
            workspace=self.workspace, **serializer.validated_data
        )

    def perform_update(self, serializer):
        services.category_update(category=serializer.instance, data=serializer.validated_data)

    def perform_destroy(self, instance):
        services.category_delete(category=instance)


class ProductViewSet(WorkspaceModelViewSet):
    """Products with their variants. `?category=` includes the category's subcategories.

    A product with inventory lots or stock movements cannot be deleted (409): archive it.
    """

    resource = "catalog.products"
    queryset = Product.objects.prefetch_related("variants")
    serializer_class = ProductSerializer
    filterset_class = ProductFilterSet
    search_fields = ["name", "sku", "description"]
    ordering_fields = ["created_at", "name", "sku", "price"]

    def perform_create(self, serializer):
        serializer.instance = services.product_create(
            workspace=self.workspace,
            actor=ChangeActor.from_request(self.request),
            **serializer.validated_data,
        )

    def perform_update(self, serializer):
        services.product_update(
            product=serializer.instance,
            data=serializer.validated_data,
            actor=ChangeActor.from_request(self.request),
        )

    def perform_destroy(self, instance):
        services.product_delete(product=instance)


class ProductVariantViewSet(WorkspaceModelViewSet):
    """Variants on their own; they can also be written within their product."""

    resource = "catalog.variants"
    queryset = ProductVariant.objects.select_related("product")
    serializer_class = ProductVariantSerializer
    filterset_class = ProductVariantFilterSet
    search_fields = ["sku", "barcode"]
    ordering_fields = ["created_at", "sku"]

    def perform_create(self, serializer):
        serializer.instance = services.variant_create(
            actor=ChangeActor.from_request(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer):
        services.variant_update(
            variant=serializer.instance,
            data=serializer.validated_data,
            actor=ChangeActor.from_request(self.request),
        )

    def perform_destroy(self, instance):
        services.variant_delete(variant=instance)


class SupplierViewSet(WorkspaceModelViewSet):
    """Suppliers, each with the products it supplies, their cost and the supplier's SKU."""

    resource = "catalog.suppliers"
    queryset = Supplier.objects.prefetch_related(
        Prefetch("supplied_products", queryset=SupplierProduct.objects.select_related("product"))
    )
    serializer_class = SupplierSerializer
    filterset_class = SupplierFilterSet
    search_fields = ["name", "contact_name", "email"]
    ordering_fields = ["created_at", "name"]

    @staticmethod
    def _service_data(validated_data: dict) -> dict:
        data = dict(validated_data)
        if "supplied_products" in data:
            data["products"] = data.pop("supplied_products")
        return data

    def perform_create(self, serializer):
        serializer.instance = services.supplier_create(
            workspace=self.workspace, **self._service_data(serializer.validated_data)
        )

    def perform_update(self, serializer):
        services.supplier_update(
            supplier=serializer.instance, data=self._service_data(serializer.validated_data)
        )

    def perform_destroy(self, instance):
        services.supplier_delete(supplier=instance)


class OnHandPagination(CreatedCursorPagination):
    """Totals are grouped rows, not model rows: always ordered by product, then location."""

    ordering = ("product_id", "location")

    def get_ordering(self, request, queryset, view):
        return self.ordering


class InventoryLotViewSet(WorkspaceModelViewSet):
    """Inventory lots: a batch of a product or variant at a location.

    Creating a lot receives its stock. Quantities then change only through `move`, which
    records each change as a stock movement and never lets a lot go negative. A lot can be
    deleted once it is empty.
    """

    resource = "catalog.inventory-lots"
    queryset = InventoryLot.objects.select_related("product", "variant")
    serializer_class = InventoryLotSerializer
    filterset_class = InventoryLotFilterSet
    search_fields = ["lot_number", "location", "product__sku", "product__name"]
    ordering_fields = ["created_at", "received_on", "expires_on", "lot_number"]

    def perform_create(self, serializer):
        serializer.instance = services.lot_create(
            workspace=self.workspace,
            actor=ChangeActor.from_request(self.request),
            product=serializer.validated_data.pop("product", None),
            **serializer.validated_data,
        )

    def perform_update(self, serializer):
        services.lot_update(lot=serializer.instance, data=serializer.validated_data)

    def perform_destroy(self, instance):
        services.lot_delete(lot=instance)

    @extend_schema(request=StockMoveSerializer, responses={201: StockMoveResultSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Receive, sell, adjust or transfer stock of this lot; each change is recorded."""
        lot = self.get_object()
        serializer = StockMoveSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)

        result = services.stock_move(
            lot=lot, actor=ChangeActor.from_request(request), **serializer.validated_data
        )

        body = StockMoveResultSerializer(result, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OnHandSerializer(many=True)})
    @action(
        detail=False,
        methods=["get"],
        url_path="on-hand",
        pagination_class=OnHandPagination,
    )
    def on_hand(self, request, *args, **kwargs):
        """Stock on hand per product and location; the lot filters narrow what is summed."""
        totals = on_hand_totals(lots=self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(totals)
        return self.get_paginated_response(OnHandSerializer(page, many=True).data)


class StockMovementViewSet(WorkspaceReadOnlyViewSet):
    """The stock history: every receipt, sale, adjustment and transfer, newest first."""

    resource = "catalog.stock-movements"
    queryset = StockMovement.objects.select_related("created_by", "created_by_api_key")
    serializer_class = StockMovementSerializer
    filterset_class = StockMovementFilterSet
    ordering_fields = ["created_at"]


class PriceChangeViewSet(WorkspaceReadOnlyViewSet):
    """Every change of a product's or variant's price, however it was made, newest first.

    `?product=` includes the product's variants; `?ordering=created_at` lists oldest first.
    """

    resource = "catalog.price-history"
    queryset = PriceChange.objects.select_related("changed_by", "changed_by_api_key")
    serializer_class = PriceChangeSerializer
    filterset_class = PriceChangeFilterSet
    ordering_fields = ["created_at"]
