"""/api/sales/deal-activities/: calls, emails, meetings and messages logged on deals."""

from sales.models import DealActivity
from tests.factories import MembershipFactory
from tests.helpers import ANY, assert_error

from .factories import ContactFactory, DealActivityFactory, OpportunityFactory

URL = "/api/sales/deal-activities/"


def test_a_call_is_logged_with_its_participants(enterprise):
    deal = OpportunityFactory(workspace=enterprise.workspace)
    contact = ContactFactory(workspace=enterprise.workspace)
    colleague = MembershipFactory(workspace=enterprise.workspace).user

    response = enterprise.client.post(
        URL,
        {
            "opportunity": deal.pk,
            "kind": "call",
            "direction": "outbound",
            "occurred_at": "2030-03-01T09:30:00Z",
            "duration_seconds": 420,
            "subject": "Pricing follow-up",
            "outcome": "connected",
            "contacts": [contact.pk],
            "users": [colleague.pk],
        },
    )

    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": ANY,
        "opportunity": deal.pk,
        "kind": "call",
        "channel": "phone",
        "direction": "outbound",
        "occurred_at": "2030-03-01T09:30:00Z",
        "duration_seconds": 420,
        "subject": "Pricing follow-up",
        "body": "",
        "outcome": "connected",
        "contacts": [contact.pk],
        "users": [colleague.pk],
        "external_id": "",
        "logged_by": {"type": "user", "id": enterprise.membership.user.pk, "name": ANY},
        "created_at": ANY,
        "updated_at": ANY,
    }


def test_a_channel_that_does_not_fit_the_kind_is_a_400(enterprise):
    deal = OpportunityFactory(workspace=enterprise.workspace)

    response = enterprise.client.post(
        URL, {"opportunity": deal.pk, "kind": "email", "channel": "phone", "direction": "inbound"}
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["channel"]
    assert not DealActivity.objects.exists()


def test_a_participant_who_is_not_a_member_is_a_400(enterprise, other_workspace):
    deal = OpportunityFactory(workspace=enterprise.workspace)

    response = enterprise.client.post(
        URL,
        {
            "opportunity": deal.pk,
            "kind": "meeting",
            "direction": "outbound",
            "users": [other_workspace.membership.user.pk],
        },
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["users"]


def test_another_workspaces_deal_or_contact_is_a_400(enterprise, other_workspace):
    deal = OpportunityFactory(workspace=enterprise.workspace)
    foreign_deal = OpportunityFactory(workspace=other_workspace.workspace)
    foreign_contact = ContactFactory(workspace=other_workspace.workspace)
    base = {"kind": "message", "direction": "inbound"}

    on_foreign_deal = enterprise.client.post(URL, {**base, "opportunity": foreign_deal.pk})
    with_foreign_contact = enterprise.client.post(
        URL, {**base, "opportunity": deal.pk, "contacts": [foreign_contact.pk]}
    )

    assert list(assert_error(on_foreign_deal, 400, "validation_error")["details"]) == [
        "opportunity"
    ]
    assert list(assert_error(with_foreign_contact, 400, "validation_error")["details"]) == [
        "contacts"
    ]
    assert not DealActivity.objects.exists()


def test_an_external_id_seen_before_is_a_409(enterprise):
    existing = DealActivityFactory(workspace=enterprise.workspace, external_id="mail-42")

    response = enterprise.client.post(
        URL,
        {
            "opportunity": existing.opportunity_id,
            "kind": "email",
            "direction": "inbound",
            "external_id": "mail-42",
        },
    )

    error = assert_error(response, 409, "conflict")
    assert error["details"]["field"] == "external_id"
    assert error["details"]["existing_id"] == existing.pk


def test_changing_the_kind_picks_the_new_kinds_default_channel(enterprise):
    activity = DealActivityFactory(workspace=enterprise.workspace)

    response = enterprise.client.patch(f"{URL}{activity.pk}/", {"kind": "email"})

    assert response.json()["channel"] == "email"


def test_activities_list_newest_first_and_filter_by_deal_and_kind(enterprise):
    deal = OpportunityFactory(workspace=enterprise.workspace)
    old = DealActivityFactory(
        workspace=enterprise.workspace, opportunity=deal, occurred_at="2030-01-01T00:00:00Z"
    )
    new = DealActivityFactory(
        workspace=enterprise.workspace, opportunity=deal, occurred_at="2030-02-01T00:00:00Z"
    )
    DealActivityFactory(workspace=enterprise.workspace, kind="email", channel="email")

    by_deal = enterprise.client.get(URL, {"opportunity": deal.pk}).json()["results"]
    emails = enterprise.client.get(URL, {"kind": "email"}).json()["results"]

    assert [a["id"] for a in by_deal] == [new.pk, old.pk]
    assert [a["kind"] for a in emails] == ["email"]


def test_pro_may_not_read_or_log_activities(pro):
    deal = OpportunityFactory(workspace=pro.workspace)

    listed = pro.client.get(URL)
    logged = pro.client.post(URL, {"opportunity": deal.pk, "kind": "call", "direction": "inbound"})

    assert_error(listed, 403, "feature_not_available")
    assert_error(logged, 403, "feature_not_available")
