"""/api/sales/opportunities/: creating deals, changing them, and moving them between stages."""

from decimal import Decimal

import pytest

from accounts.plans import Plan
from accounts.roles import Role
from sales.models import Opportunity, Pipeline, StageChange
from sales.services import pipeline_create
from tests.helpers import ANY, assert_error

from .factories import CompanyFactory, ContactFactory, OpportunityFactory, stage_named

URL = "/api/sales/opportunities/"


def move_url(deal) -> str:
    return f"{URL}{deal.pk}/move/"


def test_a_deal_created_with_just_a_name_starts_at_the_first_stage_of_the_default_pipeline(pro):
    response = pro.client.post(URL, {"name": "Fleet renewal", "amount": "12500.50"})

    assert response.status_code == 201, response.content
    body = response.json()
    lead_in = stage_named(pro.workspace, "Lead in")
    assert body == {
        "id": ANY,
        "name": "Fleet renewal",
        "pipeline": lead_in.pipeline_id,
        "stage": lead_in.pk,
        "stage_name": "Lead in",
        "status": "open",
        "amount": "12500.50",
        "currency": "EUR",
        "probability": 10,
        "weighted_amount": "1250.05",
        "owner": pro.membership.user.pk,
        "company": None,
        "contacts": [],
        "expected_close_date": None,
        "lost_reason": "",
        "source": "",
        "description": "",
        "tags": [],
        "custom_fields": {},
        "stage_entered_at": ANY,
        "won_at": None,
        "lost_at": None,
        "stage_history": [
            {
                "id": ANY,
                "from_stage": None,
                "from_stage_name": "",
                "to_stage": lead_in.pk,
                "to_stage_name": "Lead in",
                "status": "open",
                "amount": "12500.50",
                "currency": "EUR",
                "changed_at": ANY,
                "changed_by": {
                    "type": "user",
                    "id": pro.membership.user.pk,
                    "name": pro.membership.user.username,
                },
            }
        ],
        "created_at": ANY,
        "updated_at": ANY,
    }


def test_a_deal_links_the_workspaces_company_and_contacts(pro):
    company = CompanyFactory(workspace=pro.workspace)
    contacts = ContactFactory.create_batch(2, workspace=pro.workspace)

    response = pro.client.post(
        URL,
        {
            "name": "Expansion",
            "company": company.pk,
            "contacts": [c.pk for c in contacts],
            "currency": "eur",
            "expected_close_date": "2030-01-31",
            "tags": ["Upsell", "upsell", "Q1"],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["company"] == company.pk
    assert sorted(body["contacts"]) == sorted(c.pk for c in contacts)
    assert body["currency"] == "EUR"
    assert body["tags"] == ["Q1", "Upsell"]


def test_a_company_of_another_workspace_in_the_body_is_a_400_and_creates_nothing(
    pro, other_workspace
):
    foreign = CompanyFactory(workspace=other_workspace.workspace)

    response = pro.client.post(URL, {"name": "Sneaky", "company": foreign.pk})

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["company"]
    assert not Opportunity.objects.exists()


def test_a_stage_of_another_pipeline_than_the_one_named_is_a_400(pro):
    other = pipeline_create(workspace=pro.workspace, name="Renewals")
    stage = stage_named(pro.workspace, "Qualified")

    response = pro.client.post(URL, {"name": "Mixed", "pipeline": other.pk, "stage": stage.pk})

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["stage"]


def test_creating_a_deal_is_pro_so_free_gets_403(free):
    response = free.client.post(URL, {"name": "Nope"})

    error = assert_error(response, 403, "feature_not_available")
    assert error["details"]["flag"] == "sales.opportunities"


def test_a_move_records_from_to_who_and_when_and_changes_the_status(pro):
    deal = OpportunityFactory(workspace=pro.workspace)
    proposal = stage_named(pro.workspace, "Proposal sent")

    response = pro.client.post(move_url(deal), {"stage": proposal.pk})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"] == proposal.pk
    assert body["status"] == "open"
    assert body["probability"] == 50
    change = body["stage_history"][-1]
    assert change == {
        "id": ANY,
        "from_stage": stage_named(pro.workspace, "Lead in").pk,
        "from_stage_name": "Lead in",
        "to_stage": proposal.pk,
        "to_stage_name": "Proposal sent",
        "status": "open",
        "amount": "1000.00",
        "currency": "USD",
        "changed_at": ANY,
        "changed_by": {"type": "user", "id": pro.membership.user.pk, "name": ANY},
    }


def test_winning_stamps_won_at_and_reopening_clears_it(pro):
    deal = OpportunityFactory(workspace=pro.workspace)

    won = pro.client.post(move_url(deal), {"stage": stage_named(pro.workspace, "Won").pk})
    reopened = pro.client.post(
        move_url(deal), {"stage": stage_named(pro.workspace, "Negotiation").pk}
    )

    assert won.json()["status"] == "won"
    assert won.json()["won_at"] is not None
    assert won.json()["lost_at"] is None
    assert reopened.json()["status"] == "open"
    assert reopened.json()["won_at"] is None
    assert [c["to_stage_name"] for c in reopened.json()["stage_history"]] == [
        "Lead in",
        "Won",
        "Negotiation",
    ]


def test_losing_stamps_lost_at_and_keeps_the_reason(pro):
    deal = OpportunityFactory(workspace=pro.workspace)

    response = pro.client.post(
        move_url(deal),
        {"stage": stage_named(pro.workspace, "Lost").pk, "lost_reason": "Went with a rival"},
    )

    body = response.json()
    assert body["status"] == "lost"
    assert body["lost_at"] is not None
    assert body["lost_reason"] == "Went with a rival"


def test_a_reason_on_a_move_to_an_open_stage_is_a_400(pro):
    deal = OpportunityFactory(workspace=pro.workspace)

    response = pro.client.post(
        move_url(deal),
        {"stage": stage_named(pro.workspace, "Qualified").pk, "lost_reason": "?"},
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["lost_reason"]


def test_moving_to_a_stage_of_another_pipeline_is_a_400_and_records_nothing(pro):
    deal = OpportunityFactory(workspace=pro.workspace)
    other = pipeline_create(workspace=pro.workspace, name="Renewals")

    response = pro.client.post(move_url(deal), {"stage": other.stages.first().pk})

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["stage"]
    deal.refresh_from_db()
    assert deal.stage.name == "Lead in"
    assert StageChange.objects.filter(opportunity=deal).count() == 1


def test_moving_to_a_stage_of_another_workspace_is_a_400(pro, other_workspace):
    deal = OpportunityFactory(workspace=pro.workspace)

    response = pro.client.post(
        move_url(deal), {"stage": stage_named(other_workspace.workspace, "Won").pk}
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["stage"]


def test_moving_to_the_current_stage_changes_nothing(pro):
    deal = OpportunityFactory(workspace=pro.workspace)

    response = pro.client.post(move_url(deal), {"stage": deal.stage_id})

    assert response.status_code == 200
    assert [c["to_stage_name"] for c in response.json()["stage_history"]] == ["Lead in"]


def test_moving_another_workspaces_deal_is_a_404(pro, other_workspace):
    deal = OpportunityFactory(workspace=other_workspace.workspace)

    response = pro.client.post(move_url(deal), {"stage": stage_named(pro.workspace, "Won").pk})

    assert_error(response, 404, "not_found")


def test_a_viewer_cannot_move_a_deal(make_member):
    viewer = make_member(Plan.PRO, Role.VIEWER)
    deal = OpportunityFactory(workspace=viewer.workspace)

    response = viewer.client.post(
        move_url(deal), {"stage": stage_named(viewer.workspace, "Won").pk}
    )

    assert_error(response, 403, "permission_missing")


def test_a_read_only_key_cannot_move_a_deal(make_api_key):
    key = make_api_key(["sales.read"], plan=Plan.PRO)
    deal = OpportunityFactory(workspace=key.workspace)

    response = key.client.post(move_url(deal), {"stage": stage_named(key.workspace, "Won").pk})

    assert_error(response, 403, "scope_missing")


def test_a_key_that_moves_a_deal_is_named_in_the_history(make_api_key):
    key = make_api_key(["sales.write"], plan=Plan.PRO)
    deal = OpportunityFactory(workspace=key.workspace)

    response = key.client.post(move_url(deal), {"stage": stage_named(key.workspace, "Won").pk})

    assert response.status_code == 200, response.content
    assert response.json()["stage_history"][-1]["changed_by"] == {
        "type": "api_key",
        "id": key.credential.pk,
        "name": "test key",
    }


def test_patch_cannot_change_the_stage_but_may_send_it_back_unchanged(pro):
    deal = OpportunityFactory(workspace=pro.workspace)

    changed = pro.client.patch(f"{URL}{deal.pk}/", {"stage": stage_named(pro.workspace, "Won").pk})
    unchanged = pro.client.patch(f"{URL}{deal.pk}/", {"stage": deal.stage_id, "amount": "2000"})

    error = assert_error(changed, 400, "validation_error")
    assert list(error["details"]) == ["stage"]
    assert unchanged.status_code == 200
    assert unchanged.json()["amount"] == "2000.00"


def test_a_deal_may_set_its_own_probability_and_drop_it_again(pro):
    deal = OpportunityFactory(workspace=pro.workspace)

    own = pro.client.patch(f"{URL}{deal.pk}/", {"probability": 65})
    follow = pro.client.patch(f"{URL}{deal.pk}/", {"probability": None})

    assert own.json()["probability"] == 65
    assert own.json()["weighted_amount"] == "650.00"
    assert follow.json()["probability"] == 10


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=won", {"won big"}),
        ("amount_min=500&amount_max=5000", {"small", "won big"}),
        ("close_before=2030-06-30", {"small"}),
        ("close_after=2030-07-01", {"won big"}),
        ("ordering=-amount", {"small", "won big", "huge"}),
    ],
)
def test_deals_filter_by_status_amount_and_close_date(pro, query, expected):
    OpportunityFactory(
        workspace=pro.workspace,
        name="small",
        amount=Decimal("500"),
        expected_close_date="2030-01-01",
    )
    big = OpportunityFactory(
        workspace=pro.workspace,
        name="won big",
        amount=Decimal("5000"),
        expected_close_date="2030-12-01",
    )
    OpportunityFactory(workspace=pro.workspace, name="huge", amount=Decimal("90000"))
    pro.client.post(move_url(big), {"stage": stage_named(pro.workspace, "Won").pk})

    response = pro.client.get(f"{URL}?{query}")

    assert response.status_code == 200, response.content
    assert {deal["name"] for deal in response.json()["results"]} == expected


def test_ordering_by_amount_sorts_the_page(pro):
    for amount in ("300", "100", "200"):
        OpportunityFactory(workspace=pro.workspace, amount=Decimal(amount))

    response = pro.client.get(URL, {"ordering": "-amount"})

    assert [d["amount"] for d in response.json()["results"]] == ["300.00", "200.00", "100.00"]


def test_other_workspaces_deals_are_never_listed_or_shown(pro, other_workspace):
    mine = OpportunityFactory(workspace=pro.workspace)
    theirs = OpportunityFactory(workspace=other_workspace.workspace)

    listed = pro.client.get(URL).json()["results"]

    assert [d["id"] for d in listed] == [mine.pk]
    assert_error(pro.client.get(f"{URL}{theirs.pk}/"), 404, "not_found")
    assert_error(pro.client.patch(f"{URL}{theirs.pk}/", {"name": "x"}), 404, "not_found")
    assert_error(pro.client.delete(f"{URL}{theirs.pk}/"), 404, "not_found")


def test_deleting_a_deal_removes_its_history(pro):
    deal = OpportunityFactory(workspace=pro.workspace)
    pro.client.post(move_url(deal), {"stage": stage_named(pro.workspace, "Won").pk})

    response = pro.client.delete(f"{URL}{deal.pk}/")

    assert response.status_code == 204
    assert not StageChange.objects.exists()
    assert Pipeline.objects.filter(workspace=pro.workspace).count() == 1


def test_sending_back_the_stages_probability_keeps_following_the_stage(pro):
    deal = OpportunityFactory(workspace=pro.workspace)
    read = pro.client.get(f"{URL}{deal.pk}/").json()

    pro.client.put(
        f"{URL}{deal.pk}/",
        {k: v for k, v in read.items() if k not in {"id", "stage_history", "weighted_amount"}},
    )
    moved = pro.client.post(move_url(deal), {"stage": stage_named(pro.workspace, "Negotiation").pk})

    assert read["probability"] == 10
    assert moved.json()["probability"] == 75


def test_an_amount_must_fit_the_currencys_decimals(pro):
    deal = OpportunityFactory(workspace=pro.workspace, amount=Decimal("10.50"))

    too_precise = pro.client.post(URL, {"name": "Yen", "currency": "JPY", "amount": "100.5"})
    to_yen = pro.client.patch(f"{URL}{deal.pk}/", {"currency": "JPY"})

    assert list(assert_error(too_precise, 400, "validation_error")["details"]) == ["amount"]
    assert list(assert_error(to_yen, 400, "validation_error")["details"]) == ["amount"]
