"""sales.demo: two years of believable, repeatable sales history for the demo workspaces."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from accounts.plans import Plan
from catalog import demo as catalog_demo
from sales import demo
from sales.models import (
    Company,
    DealActivity,
    Invoice,
    Opportunity,
    Order,
    StageChange,
)
from tests.factories import MembershipFactory, WorkspaceFactory


def _seeded(plan: str):
    workspace = WorkspaceFactory(plan=plan, slug=f"demo-{plan}")
    owner = MembershipFactory(workspace=workspace).user
    catalog_demo.seed(workspace=workspace, owner=owner)
    demo.seed(workspace=workspace, owner=owner)
    return workspace, owner


def _story(workspace) -> list[tuple]:
    """What the history says, without ids or exact times."""
    return [
        (
            deal.name,
            deal.status,
            str(deal.amount),
            deal.lost_reason,
            deal.created_at.date(),
            [change.to_stage_name for change in deal.stage_history.all()],
        )
        for deal in Opportunity.objects.for_workspace(workspace)
        .prefetch_related("stage_history")
        .order_by("created_at", "name")
    ]


def test_an_enterprise_workspace_gets_hundreds_of_deals_over_two_years(db):
    workspace, _ = _seeded(Plan.ENTERPRISE)
    deals = Opportunity.objects.for_workspace(workspace)

    assert deals.count() >= 300
    for status in ("open", "won", "lost"):
        assert deals.filter(status=status).count() > 20, status
    span = deals.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert timezone.now() - span["first"] > timedelta(days=600)
    assert timezone.now() - span["last"] < timedelta(days=30)
    assert DealActivity.objects.for_workspace(workspace).count() > deals.count()
    assert Company.objects.for_workspace(workspace).count() > 50


def test_each_deals_history_ends_where_the_deal_stands(db):
    workspace, _ = _seeded(Plan.PRO)

    for deal in Opportunity.objects.for_workspace(workspace).prefetch_related("stage_history"):
        history = list(deal.stage_history.all())
        assert history[0].from_stage is None
        assert history[-1].to_stage_id == deal.stage_id
        assert [c.from_stage_id for c in history[1:]] == [c.to_stage_id for c in history[:-1]]
        if deal.status == "won":
            assert deal.won_at == history[-1].changed_at
        if deal.status == "lost":
            assert deal.lost_reason


def test_won_deals_have_orders_worth_their_amount_and_invoices_numbered_without_gaps(db):
    workspace, _ = _seeded(Plan.PRO)
    won = Opportunity.objects.for_workspace(workspace).filter(status="won")

    orders = Order.objects.for_workspace(workspace)
    assert orders.count() == won.count()
    for deal in won.prefetch_related("orders"):
        assert [order.total for order in deal.orders.all()] == [deal.amount]
    numbers = sorted(Invoice.objects.for_workspace(workspace).values_list("sequence", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    assert Invoice.objects.for_workspace(workspace).filter(status="paid").exists()


@pytest.mark.parametrize(
    ("plan", "has_deals", "has_activities"),
    [(Plan.FREE, False, False), (Plan.PRO, True, False)],
)
def test_each_plan_gets_what_it_can_see(db, plan, has_deals, has_activities):
    workspace, _ = _seeded(plan)

    assert Company.objects.for_workspace(workspace).exists()
    assert Opportunity.objects.for_workspace(workspace).exists() is has_deals
    assert DealActivity.objects.for_workspace(workspace).exists() is has_activities


def test_seeding_again_changes_nothing(db):
    workspace, owner = _seeded(Plan.PRO)
    before = (_story(workspace), StageChange.objects.count(), Order.objects.count())

    demo.seed(workspace=workspace, owner=owner)

    assert (_story(workspace), StageChange.objects.count(), Order.objects.count()) == before


def test_the_same_workspace_always_gets_the_same_history(db):
    workspace = WorkspaceFactory(plan=Plan.PRO, slug="repeatable")
    owner = MembershipFactory(workspace=workspace).user
    catalog_demo.seed(workspace=workspace, owner=owner)

    stories = []
    for _ in range(2):
        with transaction.atomic():
            demo.seed(workspace=workspace, owner=owner)
            stories.append(_story(workspace))
            transaction.set_rollback(True)

    assert stories[0] == stories[1]
    assert len(stories[0]) == demo.DEALS_BY_PLAN[Plan.PRO]
