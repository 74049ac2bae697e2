"""Writes for invoices: drafting one for an order, issuing it with its number, paying, voiding."""

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts.models import Workspace
from simplycrm.api.errors import Conflict

from ..models import Invoice, InvoiceStatus, Order, OrderStatus
from .common import Actor
from .orders import require_status
from .sequences import sequence_next

logger = logging.getLogger(__name__)

# Days from issue to due date when a client names no due date.
DEFAULT_PAYMENT_TERMS_DAYS = 30


def invoice_number(sequence: int) -> str:
    return f"INV-{sequence:06d}"


def _lock(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(pk=invoice.pk)


def _check_dates(issue_date: date | None, due_date: date | None) -> None:
    if issue_date and due_date and due_date < issue_date:
        raise ValidationError({"due_date": ["The due date cannot come before the issue date."]})


@transaction.atomic
def invoice_create(
    *,
    workspace: Workspace,
    actor: Actor,
    order: Order,
    due_date: date | None = None,
    notes: str = "",
) -> Invoice:
    """A draft invoice for a confirmed or fulfilled order, carrying the order's totals.

    An order has one invoice in force at a time; another is a 409 until that one is voided.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status not in (OrderStatus.CONFIRMED, OrderStatus.FULFILLED):
        raise Conflict(
            f"Only a confirmed or fulfilled order is invoiced; this one is {order.status}.",
            details={"status": order.status},
        )
    live = order.invoices.exclude(status=InvoiceStatus.VOID).values_list("pk", flat=True).first()
    if live is not None:
        raise Conflict(
            "This order already has an invoice in force; void it before invoicing again.",
            details={"existing_id": live},
        )

    invoice = Invoice.objects.create(
        workspace=workspace,
        order=order,
        currency=order.currency,
        subtotal=order.subtotal,
        discount_total=order.discount_total,
        tax_total=order.tax_total,
        total=order.total,
        due_date=due_date,
        notes=notes,
        created_by=actor.user,
        created_by_api_key=actor.api_key,
    )
    logger.info(
        "sales.invoice_created",
        extra={"workspace_id": workspace.pk, "object_id": invoice.pk, "order_id": order.pk},
    )
    return invoice


@transaction.atomic
def invoice_update(*, invoice: Invoice, **fields: Any) -> Invoice:
    """Change a draft's due date or notes; an issued invoice changes only by its actions."""
    invoice = _lock(invoice)
    require_status(invoice, (InvoiceStatus.DRAFT,), "edited")
    for name, value in fields.items():
        setattr(invoice, name, value)
    invoice.save()
    return invoice


@transaction.atomic
def invoice_delete(*, invoice: Invoice) -> None:
    """Delete a draft; an issued invoice has a number and is voided instead."""
    invoice = _lock(invoice)
    require_status(invoice, (InvoiceStatus.DRAFT,), "deleted; void it instead")
    invoice_id = invoice.pk
    invoice.delete()
    logger.info(
        "sales.invoice_deleted",
        extra={"workspace_id": invoice.workspace_id, "object_id": invoice_id},
    )


@transaction.atomic
def invoice_issue(
    *, invoice: Invoice, issue_date: date | None = None, due_date: date | None = None
) -> Invoice:
    """Issue a draft: it takes the workspace's next invoice number and its dates.

    The number comes from a locked per-workspace counter inside this transaction, so
    concurrent issues get consecutive numbers and a failed one leaves no gap.
    """
    invoice = _lock(invoice)
    require_status(invoice, (InvoiceStatus.DRAFT,), "issued")
    issue_date = issue_date or timezone.localdate()
    due_date = (
        due_date or invoice.due_date or issue_date + timedelta(days=DEFAULT_PAYMENT_TERMS_DAYS)
    )
    _check_dates(issue_date, due_date)

    invoice.sequence = sequence_next(workspace=invoice.workspace, name="invoice")
    invoice.number = invoice_number(invoice.sequence)
    invoice.status = InvoiceStatus.ISSUED
    invoice.issue_date, invoice.due_date = issue_date, due_date
    invoice.save()

    logger.info(
        "sales.invoice_issued",
        extra={
            "workspace_id": invoice.workspace_id,
            "object_id": invoice.pk,
            "number": invoice.number,
        },
    )
    return invoice


@transaction.atomic
def invoice_pay(*, invoice: Invoice, paid_at: datetime | None = None) -> Invoice:
    invoice = _lock(invoice)
    require_status(invoice, (InvoiceStatus.ISSUED,), "paid")
    invoice.status = InvoiceStatus.PAID
    invoice.paid_at = paid_at or timezone.now()
    invoice.save(update_fields=["status", "paid_at", "updated_at"])
    logger.info(
        "sales.invoice_paid", extra={"workspace_id": invoice.workspace_id, "object_id": invoice.pk}
    )
    return invoice


@transaction.atomic
def invoice_void(*, invoice: Invoice, reason: str = "") -> Invoice:
    """Void an issued invoice; it keeps its number, so the sequence stays unbroken."""
    invoice = _lock(invoice)
    require_status(invoice, (InvoiceStatus.ISSUED,), "voided")
    invoice.status = InvoiceStatus.VOID
    invoice.voided_at = timezone.now()
    invoice.void_reason = reason
    invoice.save(update_fields=["status", "voided_at", "void_reason", "updated_at"])
    logger.info(
        "sales.invoice_voided",
        extra={"workspace_id": invoice.workspace_id, "object_id": invoice.pk},
    )
    return invoice
