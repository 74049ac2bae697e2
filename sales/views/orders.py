"""Orders and invoices, and the actions that move them through their statuses."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from simplycrm.api.views import WorkspaceCreateReadDeleteViewSet

from .. import selectors
from ..filters import InvoiceFilterSet, OrderFilterSet
from ..serializers import (
    InvoiceIssueSerializer,
    InvoicePaySerializer,
    InvoiceSerializer,
    InvoiceVoidSerializer,
    OrderCancelSerializer,
    OrderFulfilSerializer,
    OrderSerializer,
)
from ..services import (
    invoice_create,
    invoice_delete,
    invoice_issue,
    invoice_pay,
    invoice_update,
    invoice_void,
    order_cancel,
    order_confirm,
    order_create,
    order_delete,
    order_fulfil,
    order_update,
)
from .common import SalesViewSetMixin


def _lines(data: dict) -> dict:
    if "lines" in data:
        data["lines"] = [dict(line) for line in data["lines"]]
    return data


class ActionBodyMixin:
    """Parse an action's body, run the service, answer with the object read afresh."""

    def _body(self, serializer_class, request) -> dict:
        body = serializer_class(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return dict(body.validated_data)

    def _fresh(self, obj) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)


class OrderViewSet(SalesViewSetMixin, ActionBodyMixin, WorkspaceCreateReadDeleteViewSet):
    """Orders of catalogue products: draft, then confirmed (stock is taken), fulfilled as it
    ships and is delivered, or cancelled. Totals are computed by the server.
    """

    resource = "sales.orders"
    queryset = selectors.order_queryset()
    serializer_class = OrderSerializer
    filterset_class = OrderFilterSet
    search_fields = ["number", "notes"]
    ordering_fields = ["created_at", "updated_at", "total"]

    def perform_create(self, serializer):
        order = order_create(
            workspace=self.workspace, actor=self.actor, **_lines(dict(serializer.validated_data))
        )
        serializer.instance = self.get_queryset().get(pk=order.pk)

    def perform_update(self, serializer):
        order = order_update(order=serializer.instance, **_lines(dict(serializer.validated_data)))
        serializer.instance = self.get_queryset().get(pk=order.pk)

    def perform_destroy(self, instance):
        order_delete(order=instance)

    @extend_schema(request=None, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, *args, **kwargs):
        """Confirm a draft: stock is taken for the lines that keep stock (409 when short)."""
        order = order_confirm(order=self.get_object(), actor=self.actor)
        return self._fresh(order)

    @extend_schema(request=OrderCancelSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        """Cancel a draft or confirmed order; stock taken on confirmation goes back."""
        body = self._body(OrderCancelSerializer, request)
        order = order_cancel(order=self.get_object(), actor=self.actor, **body)
        return self._fresh(order)

    @extend_schema(request=OrderFulfilSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def fulfil(self, request, *args, **kwargs):
        """Record shipped and delivered quantities; fully delivered means fulfilled."""
        body = self._body(OrderFulfilSerializer, request)
        order = order_fulfil(order=self.get_object(), lines=[dict(line) for line in body["lines"]])
        return self._fresh(order)


class InvoiceViewSet(SalesViewSetMixin, ActionBodyMixin, WorkspaceCreateReadDeleteViewSet):
    """Invoices of orders. A draft has no number; issuing gives it the workspace's next one."""

    resource = "sales.invoices"
    queryset = selectors.invoice_queryset()
    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilterSet
    search_fields = ["number", "notes"]
    ordering_fields = ["created_at", "issue_date", "due_date"]

    def perform_create(self, serializer):
        serializer.instance = invoice_create(
            workspace=self.workspace, actor=self.actor, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = invoice_update(
            invoice=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        invoice_delete(invoice=instance)

    @extend_schema(request=InvoiceIssueSerializer, responses={200: InvoiceSerializer})
    @action(detail=True, methods=["post"])
    def issue(self, request, *args, **kwargs):
        """Issue a draft with the next number of the workspace's unbroken sequence."""
        body = self._body(InvoiceIssueSerializer, request)
        return self._fresh(invoice_issue(invoice=self.get_object(), **body))

    @extend_schema(request=InvoicePaySerializer, responses={200: InvoiceSerializer})
    @action(detail=True, methods=["post"])
    def pay(self, request, *args, **kwargs):
        """Mark an issued invoice as paid."""
        body = self._body(InvoicePaySerializer, request)
        return self._fresh(invoice_pay(invoice=self.get_object(), **body))

    @extend_schema(request=InvoiceVoidSerializer, responses={200: InvoiceSerializer})
    @action(detail=True, methods=["post"])
    def void(self, request, *args, **kwargs):
        """Void an issued invoice; it keeps its number."""
        body = self._body(InvoiceVoidSerializer, request)
        return self._fresh(invoice_void(invoice=self.get_object(), **body))
