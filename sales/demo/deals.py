"""Demo deals: their walk through the pipeline, their stage history and their activities."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from ..models import (
    CHANNELS_BY_KIND,
    Contact,
    DealActivity,
    Opportunity,
    Order,
    OrderLine,
    Pipeline,
    Stage,
    StageChange,
    StageKind,
)
from .vocabulary import DEAL_THEMES, LOST_REASONS, OUTCOMES, SUBJECTS


@dataclass
class DealPlan:
    """One deal's story before it is written: where it went, when, and what it sold."""

    deal: Opportunity
    contact: Contact
    # The stages the deal entered, in order, with the time it entered each.
    steps: list[tuple[Stage, datetime]]
    line_specs: list[dict] = field(default_factory=list)
    # The unsaved order (priced, with its totals) of a won deal, and its unsaved lines.
    order: Order | None = None
    lines: list[OrderLine] = field(default_factory=list)


def _outcome(rng, age_days: int) -> str:
    if age_days > 120:
        return rng.choices(["won", "lost", "open"], weights=[50, 42, 8])[0]
    return rng.choices(["won", "lost", "open"], weights=[20, 15, 65])[0]


def deals_plan(workspace, owner, rng, contacts, now, count) -> list[DealPlan]:
    """`count` deals over the last two years: older ones mostly closed, recent ones open."""
    pipeline = Pipeline.objects.for_workspace(workspace).get(is_default=True)
    stages = list(pipeline.stages.order_by("position"))
    open_stages = [s for s in stages if s.kind == StageKind.OPEN]
    won = next(s for s in stages if s.kind == StageKind.WON)
    lost = next(s for s in stages if s.kind == StageKind.LOST)

    plans = []
    for _ in range(count):
        contact = rng.choice(contacts)
        created = now - timedelta(days=rng.uniform(3, 730), hours=rng.randint(0, 8))
        age = (now - created).days
        outcome = _outcome(rng, age)

        # Walk the open stages in order, then close (or stop) where the outcome says.
        last_open = len(open_stages) if outcome == "won" else rng.randint(1, len(open_stages))
        path = open_stages[:last_open] + {"won": [won], "lost": [lost], "open": []}[outcome]
        span = max(age - 1, 1) if outcome == "open" else min(rng.randint(20, 150), age)
        steps = [
            (stage, created + timedelta(days=span * i / len(path))) for i, stage in enumerate(path)
        ]
        final, entered = steps[-1]
        deal = Opportunity(
            workspace=workspace,
            owner=owner,
            name=f"{contact.company.name}: {rng.choice(DEAL_THEMES)}",
            pipeline=pipeline,
            stage=final,
            status=final.kind,
            amount=Decimal(rng.randint(8, 400) * 100),
            currency="EUR",
            company=contact.company,
            expected_close_date=(created + timedelta(days=rng.randint(30, 120))).date(),
            source=rng.choice(["inbound", "outbound", "referral", "event", "existing_customer"]),
            stage_entered_at=entered,
            won_at=entered if outcome == "won" else None,
            lost_at=entered if outcome == "lost" else None,
            lost_reason=rng.choice(LOST_REASONS) if outcome == "lost" else "",
        )
        deal.created_at = created
        plans.append(DealPlan(deal=deal, contact=contact, steps=steps))
    return plans


def deals_write(plans: list[DealPlan], owner) -> None:
    """Insert the deals, their contacts and every stage change of their walk."""
    deals = Opportunity.objects.bulk_create([plan.deal for plan in plans])
    for plan in plans:
        plan.deal.created_at = plan.steps[0][1]
    Opportunity.objects.bulk_update(deals, ["created_at"])
    links = Opportunity.contacts.through
    links.objects.bulk_create(
        links(opportunity_id=plan.deal.pk, contact_id=plan.contact.pk) for plan in plans
    )
    StageChange.objects.bulk_create(
        StageChange(
            workspace_id=plan.deal.workspace_id,
            opportunity=plan.deal,
            from_stage=previous,
            from_stage_name=previous.name if previous else "",
            to_stage=stage,
            to_stage_name=stage.name,
            status=stage.kind,
            amount=plan.deal.amount,
            currency=plan.deal.currency,
            changed_at=at,
            changed_by=owner,
        )
        for plan in plans
        for previous, (stage, at) in zip(
            [None] + [s for s, _ in plan.steps[:-1]], plan.steps, strict=True
        )
    )


def activities_write(workspace, owner, rng, plans, now) -> None:
    """One to six calls, emails, meetings or messages per deal, while it was open."""
    activities, people = [], []
    for plan in plans:
        deal = plan.deal
        end = deal.won_at or deal.lost_at or now
        for _ in range(rng.randint(1, 6)):
            kind = rng.choice(["call", "call", "email", "email", "meeting", "message"])
            activities.append(
                DealActivity(
                    workspace=workspace,
                    opportunity=deal,
                    kind=kind,
                    channel=rng.choice(CHANNELS_BY_KIND[kind]),
                    direction=rng.choice(["outbound", "outbound", "inbound"]),
                    occurred_at=deal.created_at + (end - deal.created_at) * rng.random(),
                    duration_seconds=rng.randint(120, 3600)
                    if kind in ("call", "meeting")
                    else None,
                    subject=rng.choice(SUBJECTS[kind]),
                    outcome=rng.choice(OUTCOMES[kind]),
                    logged_by=owner,
                )
            )
            people.append(plan.contact)
    created = DealActivity.objects.bulk_create(activities)
    contacts, users = DealActivity.contacts.through, DealActivity.users.through
    contacts.objects.bulk_create(
        contacts(dealactivity_id=a.pk, contact_id=c.pk)
        for a, c in zip(created, people, strict=True)
    )
    users.objects.bulk_create(users(dealactivity_id=a.pk, user_id=owner.pk) for a in created)
