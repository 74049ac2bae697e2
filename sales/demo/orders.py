"""Demo orders and invoices of won deals: settled history in bulk, recent ones through services."""

from datetime import timedelta
from decimal import Decimal

from catalog.models import Product, ProductStatus
from simplycrm.api.errors import Conflict

from ..models import Invoice, InvoiceStatus, Order, OrderLine, OrderStatus
from ..services import (
    Actor,
    invoice_create,
    invoice_issue,
    order_confirm,
    order_create,
    order_lines_build,
    order_totals_set,
    sequence_take,
)
from .deals import DealPlan


def products_for_orders(workspace) -> list[Product]:
    return list(
        Product.objects.for_workspace(workspace)
        .filter(status=ProductStatus.ACTIVE, currency="EUR")
        .prefetch_related("variants")
    )


def order_price(plan: DealPlan, rng, products) -> None:
    """Choose what the won deal sold; the deal is worth what its order totals."""
    for product in rng.sample(products, k=min(len(products), rng.randint(1, 3))):
        variants = list(product.variants.all())
        plan.line_specs.append(
            {
                "product": product,
                "variant": rng.choice(variants) if variants else None,
                "quantity": Decimal(rng.randint(2, 30)),
                "discount_percent": Decimal(rng.choice([0, 0, 5, 10])),
                "tax_rate": Decimal("20"),
            }
        )
    deal = plan.deal
    plan.order = Order(workspace=deal.workspace, company=deal.company, currency=deal.currency)
    plan.lines = order_lines_build(order=plan.order, specs=plan.line_specs)
    order_totals_set(order=plan.order, lines=plan.lines)
    deal.amount = plan.order.total


def orders_write_past(workspace, owner, rng, plans: list[DealPlan], now) -> None:
    """Settled history: confirmed, delivered, invoiced and mostly paid; numbered in time order."""
    if not plans:
        return
    order_numbers = sequence_take(workspace=workspace, name="order", count=len(plans))
    invoice_numbers = sequence_take(workspace=workspace, name="invoice", count=len(plans))
    orders = []
    for plan, number in zip(plans, order_numbers, strict=True):
        order, deal = plan.order, plan.deal
        confirmed = deal.won_at + timedelta(hours=rng.randint(1, 48))
        order.number, order.sequence = f"SO-{number:06d}", number
        order.contact, order.opportunity, order.created_by = plan.contact, deal, owner
        order.status = OrderStatus.FULFILLED
        order.confirmed_at = confirmed
        order.fulfilled_at = confirmed + timedelta(days=rng.randint(3, 14))
        orders.append(order)
    Order.objects.bulk_create(orders)
    for order in orders:
        order.created_at = order.opportunity.won_at
    Order.objects.bulk_update(orders, ["created_at"])

    lines = [line for plan in plans for line in plan.lines]
    for line in lines:
        line.order = line.order  # the order has its id now
        line.shipped_quantity = line.delivered_quantity = line.quantity
    OrderLine.objects.bulk_create(lines)

    invoices = []
    for order, number in zip(orders, invoice_numbers, strict=True):
        issued = order.confirmed_at.date()
        paid = rng.random() < 0.93
        invoices.append(
            Invoice(
                workspace=workspace,
                order=order,
                number=f"INV-{number:06d}",
                sequence=number,
                status=InvoiceStatus.PAID if paid else InvoiceStatus.ISSUED,
                currency=order.currency,
                subtotal=order.subtotal,
                discount_total=order.discount_total,
                tax_total=order.tax_total,
                total=order.total,
                issue_date=issued,
                due_date=issued + timedelta(days=30),
                paid_at=min(order.confirmed_at + timedelta(days=rng.randint(5, 45)), now)
                if paid
                else None,
                created_by=owner,
            )
        )
    Invoice.objects.bulk_create(invoices)


def orders_place_recent(workspace, owner, plans: list[DealPlan]) -> None:
    """Recent wins go through the order services, taking their stock like any new order."""
    actor = Actor(user=owner)
    for plan in plans:
        order = order_create(
            workspace=workspace,
            actor=actor,
            company=plan.deal.company,
            contact=plan.contact,
            opportunity=plan.deal,
            lines=plan.line_specs,
        )
        try:
            order = order_confirm(order=order, actor=actor)
        except Conflict:
            continue  # not enough stock: the order waits as a draft, as a real one would
        invoice = invoice_create(workspace=workspace, actor=actor, order=order)
        invoice_issue(invoice=invoice, issue_date=plan.deal.won_at.date())
