"""A believable sales history for the demo workspaces: two years of accounts, deals and orders.

Called by `manage.py seed_demo` for each demo workspace, after the catalogue's demo. A workspace
that already has companies is left as it is, so running it again changes nothing. The random
choices are seeded by the workspace's slug, so a workspace always gets the same history; dates
are relative to the day of the run.

Each plan gets what it can see: Free has companies, contacts and their notes; Pro adds deals
with their stage history, orders and invoices; Enterprise adds the deals' activities.

The past is written in bulk, the way an import would: the history is built in memory (each deal's
walk through the pipeline, its stage changes, orders priced by the order service's own line
builder, numbers taken from the workspace's sequences) and inserted a table at a time. Bulk
inserts send no model signals, so two years of history do not replay as a burst of live events.
Orders won in the last month go through the order services instead, so they take their stock
from the demo inventory like any new order.
"""

import logging
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User, Workspace

from ..models import Company
from .deals import DealPlan, activities_write, deals_plan, deals_write
from .orders import order_price, orders_place_recent, orders_write_past, products_for_orders
from .parties import companies_write, contacts_write, notes_write

logger = logging.getLogger(__name__)

# Deals and companies each plan's demo workspace gets.
DEALS_BY_PLAN = {"free": 0, "pro": 180, "enterprise": 320}
COMPANIES_BY_PLAN = {"free": 15, "pro": 45, "enterprise": 70}
# Orders of deals won more recently than this go through the stock-taking order service.
RECENT = timedelta(days=30)


def seed(*, workspace: Workspace, owner: User) -> None:
    """Load the demo sales history into `workspace`, once."""
    if Company.objects.for_workspace(workspace).exists():
        return
    rng = random.Random(f"sales:{workspace.slug}")  # noqa: S311 (demo data, not secrets)
    # Noon today, so every run on one day produces the same timestamps.
    now = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    flags = workspace.feature_flags

    with transaction.atomic():
        companies = companies_write(workspace, owner, rng, COMPANIES_BY_PLAN[workspace.plan])
        contacts = contacts_write(workspace, owner, rng, companies)
        notes_write(workspace, owner, rng, contacts, companies, now)
        plans: list[DealPlan] = []
        if "sales.opportunities" in flags:
            count = DEALS_BY_PLAN[workspace.plan]
            plans = deals_plan(workspace, owner, rng, contacts, now, count)
            if "sales.orders" in flags:
                products = products_for_orders(workspace)
                for plan in (p for p in plans if p.deal.won_at and products):
                    order_price(plan, rng, products)
            deals_write(plans, owner)
        if "sales.deal_activities" in flags:
            activities_write(workspace, owner, rng, plans, now)
        won = sorted((p for p in plans if p.order is not None), key=lambda p: p.deal.won_at)
        past = [p for p in won if now - p.deal.won_at >= RECENT]
        orders_write_past(workspace, owner, rng, past, now)
        orders_place_recent(workspace, owner, [p for p in won if p not in past])

    logger.info(
        "sales.demo_seeded",
        extra={"workspace_id": workspace.pk, "companies": len(companies), "deals": len(plans)},
    )
