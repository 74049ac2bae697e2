"""GET /api/sales/opportunities/{id}/timeline/: a deal's history, newest first, page by page."""

from datetime import timedelta

from django.utils import timezone

from sales.services import Actor, note_create, opportunity_move
from tests.helpers import assert_error

from .factories import DealActivityFactory, OpportunityFactory, stage_named


def url(deal) -> str:
    return f"/api/sales/opportunities/{deal.pk}/timeline/"


def _busy_deal(workspace):
    """A deal with a creation, a move, a note and a call, an hour apart, oldest first."""
    start = timezone.now() - timedelta(days=1)
    deal = OpportunityFactory(workspace=workspace, at=start)
    opportunity_move(
        opportunity=deal,
        stage=stage_named(workspace, "Qualified"),
        actor=Actor(),
        at=start + timedelta(hours=1),
    )
    note = note_create(
        workspace=workspace, actor=Actor(), body="Budget confirmed", opportunity=deal
    )
    DealActivityFactory(
        workspace=workspace, opportunity=deal, occurred_at=start + timedelta(hours=3)
    )
    return deal, note


def test_the_timeline_merges_moves_notes_and_activities_newest_first(enterprise):
    deal, note = _busy_deal(enterprise.workspace)

    response = enterprise.client.get(url(deal))

    assert response.status_code == 200, response.content
    body = response.json()
    assert [(e["type"], e["data"].get("to_stage_name")) for e in body["results"]] == [
        ("note", None),
        ("activity", None),
        ("stage_change", "Qualified"),
        ("stage_change", "Lead in"),
    ]
    assert body["results"][0]["data"]["body"] == "Budget confirmed"
    assert body["results"][0]["id"] == note.pk
    assert body["next"] is None


def test_a_plan_without_deal_activities_sees_the_rest(pro):
    deal, _ = _busy_deal(pro.workspace)

    response = pro.client.get(url(deal))

    assert [e["type"] for e in response.json()["results"]] == [
        "note",
        "stage_change",
        "stage_change",
    ]


def test_pages_follow_each_other_without_gaps_or_repeats(enterprise):
    deal = OpportunityFactory(workspace=enterprise.workspace)
    same_time = timezone.now()
    for _ in range(4):
        DealActivityFactory(workspace=enterprise.workspace, opportunity=deal, occurred_at=same_time)
    everything = enterprise.client.get(url(deal), {"limit": 50}).json()["results"]

    seen, next_url = [], f"{url(deal)}?limit=2"
    while next_url:
        page = enterprise.client.get(next_url).json()
        seen.extend((e["type"], e["id"]) for e in page["results"])
        next_url = page["next"]

    assert seen == [(e["type"], e["id"]) for e in everything]
    assert len(seen) == 5


def test_a_bad_cursor_or_limit_is_a_400(enterprise):
    deal = OpportunityFactory(workspace=enterprise.workspace)

    bad_cursor = enterprise.client.get(url(deal), {"cursor": "not-a-cursor"})
    bad_limit = enterprise.client.get(url(deal), {"limit": 0})

    assert list(assert_error(bad_cursor, 400, "validation_error")["details"]) == ["cursor"]
    assert list(assert_error(bad_limit, 400, "validation_error")["details"]) == ["limit"]


def test_another_workspaces_deal_has_no_timeline_here(enterprise, other_workspace):
    deal = OpportunityFactory(workspace=other_workspace.workspace)

    assert_error(enterprise.client.get(url(deal)), 404, "not_found")
