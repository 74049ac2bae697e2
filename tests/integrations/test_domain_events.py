"""Writes through the API leave the right domain events in the outbox, for the acting workspace."""

import json
from decimal import Decimal

import pytest
from django.db.models import F
from django.test import TestCase
from rest_framework.exceptions import ValidationError

from integrations.events import EVENT_TYPES, emit_event
from integrations.models import DomainEvent, WebhookDelivery
from integrations.services import webhooks
from integrations.signals import SOURCES
from sales.models import Contact
from sales.serializers import ContactSerializer
from sales.services import pipeline_create
from tests.helpers import ANY, assert_error
from tests.sales.factories import (
    CompanyFactory,
    ContactFactory,
    OpportunityFactory,
    make_invoice,
    make_lot,
    make_order,
    make_product,
    stage_named,
)

CONTACTS = "/api/sales/contacts/"
PRODUCTS = "/api/catalog/products/"
OPPORTUNITIES = "/api/sales/opportunities/"
ORDERS = "/api/sales/orders/"
INVOICES = "/api/sales/invoices/"


def outbox_mark() -> set:
    """The ids already in the outbox, so a test sees only what its own step wrote."""
    return set(DomainEvent.objects.values_list("pk", flat=True))


def new_events(mark: set) -> list[DomainEvent]:
    return list(DomainEvent.objects.exclude(pk__in=mark).order_by("created_at"))


def types(events: list[DomainEvent]) -> list[str]:
    """Sorted: the events of one request may share a timestamp, so their order is not stable."""
    return sorted(event.type for event in events)


def one(events: list[DomainEvent], type_: str) -> DomainEvent:
    matching = [event for event in events if event.type == type_]
    assert len(matching) == 1, types(events)
    return matching[0]


def committed():
    """Run on-commit callbacks as a real commit would (the test's transaction never commits)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def move(actor, deal, stage_name: str, **fields):
    stage = stage_named(actor.workspace, stage_name)
    return actor.client.post(f"{OPPORTUNITIES}{deal.pk}/move/", {"stage": stage.pk, **fields})


# --- Contacts -------------------------------------------------------------------------------------


def test_creating_a_contact_emits_one_contact_created_event_for_the_callers_workspace(enterprise):
    mark = outbox_mark()

    response = enterprise.client.post(
        CONTACTS,
        {"first_name": "Grace", "last_name": "Hopper", "email": "Grace@Example.com"},
        format="json",
    )

    assert response.status_code == 201, response.content
    events = new_events(mark)
    assert types(events) == ["contact.created"]
    event = events[0]
    assert (event.workspace_id, event.version) == (enterprise.workspace.pk, 1)
    assert event.data == {
        "object": {
            "id": response.json()["id"],
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace@example.com",
            "phone": "",
            "mobile": "",
            "title": "",
            "lifecycle_stage": "lead",
            "source": "",
            "company_id": None,
            "owner_id": enterprise.membership.user.pk,
            "custom_fields": {},
            "created_at": ANY,
            "updated_at": ANY,
        }
    }


def test_changing_a_contact_emits_contact_updated_naming_the_changed_fields(enterprise):
    contact = ContactFactory(workspace=enterprise.workspace, title="Engineer")
    mark = outbox_mark()

    response = enterprise.client.patch(
        f"{CONTACTS}{contact.pk}/", {"title": "Rear Admiral", "phone": "+1 555 0100"}, format="json"
    )

    assert response.status_code == 200, response.content
    events = new_events(mark)
    assert types(events) == ["contact.updated"]
    assert events[0].workspace_id == enterprise.workspace.pk
    assert events[0].data["changed_fields"] == ["phone", "title"]
    assert events[0].data["object"]["title"] == "Rear Admiral"
    assert events[0].data["object"]["email"] == contact.email


def test_a_contact_patch_that_changes_nothing_emits_no_event(enterprise):
    contact = ContactFactory(
        workspace=enterprise.workspace, title="Engineer", email="grace@example.com"
    )
    mark = outbox_mark()

    response = enterprise.client.patch(
        f"{CONTACTS}{contact.pk}/",
        {"title": "Engineer", "email": "GRACE@example.com"},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert new_events(mark) == []


def test_deleting_a_contact_emits_contact_deleted_with_its_last_state(enterprise):
    contact = ContactFactory(workspace=enterprise.workspace)
    mark = outbox_mark()

    response = enterprise.client.delete(f"{CONTACTS}{contact.pk}/")

    assert response.status_code == 204
    events = new_events(mark)
    assert types(events) == ["contact.deleted"]
    assert events[0].workspace_id == enterprise.workspace.pk
    assert events[0].data["object"]["id"] == contact.pk
    assert events[0].data["object"]["email"] == contact.email


# --- Products and prices --------------------------------------------------------------------------


def test_creating_a_product_emits_product_created_and_its_first_price(enterprise):
    mark = outbox_mark()

    response = enterprise.client.post(
        PRODUCTS, {"name": "Mug", "sku": "MUG", "price": "10", "currency": "EUR"}, format="json"
    )

    assert response.status_code == 201, response.content
    events = new_events(mark)
    assert types(events) == ["product.created", "product.price_changed"]
    assert {event.workspace_id for event in events} == {enterprise.workspace.pk}
    created = one(events, "product.created").data["object"]
    assert (created["id"], created["sku"]) == (response.json()["id"], "MUG")
    assert Decimal(created["price"]) == Decimal("10")
    price = one(events, "product.price_changed").data["object"]
    assert price == {
        "id": ANY,
        "product_id": response.json()["id"],
        "variant_id": None,
        "sku": "MUG",
        "old_price": None,
        "new_price": ANY,
        "old_currency": "",
        "currency": "EUR",
        "changed_by_id": enterprise.membership.user.pk,
        "changed_by_api_key_id": None,
        "source": "api",
        "created_at": ANY,
        "updated_at": ANY,
    }
    assert Decimal(price["new_price"]) == Decimal("10")


def test_changing_a_products_price_emits_product_updated_and_price_changed_with_old_and_new(
    enterprise,
):
    product = make_product(enterprise.workspace, sku="MUG", price="10")
    mark = outbox_mark()

    response = enterprise.client.patch(f"{PRODUCTS}{product.pk}/", {"price": "12.5"}, format="json")

    assert response.status_code == 200, response.content
    events = new_events(mark)
    assert types(events) == ["product.price_changed", "product.updated"]
    updated = one(events, "product.updated").data
    assert updated["changed_fields"] == ["price"]
    assert Decimal(updated["object"]["price"]) == Decimal("12.5")
    price = one(events, "product.price_changed").data["object"]
    assert (price["product_id"], price["sku"]) == (product.pk, "MUG")
    assert (Decimal(price["old_price"]), Decimal(price["new_price"])) == (
        Decimal("10"),
        Decimal("12.5"),
    )


def test_a_price_saved_as_an_expression_is_reported_as_the_stored_amount(enterprise):
    product = make_product(enterprise.workspace, sku="MUG", price="10")
    mark = outbox_mark()

    product.price = F("price") + 1
    product.save()

    events = new_events(mark)
    assert types(events) == ["product.price_changed", "product.updated"]
    updated = one(events, "product.updated").data
    assert updated["changed_fields"] == ["price"]
    assert Decimal(updated["object"]["price"]) == Decimal("11")


# --- Deals ----------------------------------------------------------------------------------------


def test_a_deal_moved_to_another_open_stage_emits_deal_stage_changed(pro):
    deal = OpportunityFactory(workspace=pro.workspace)
    mark = outbox_mark()

    response = move(pro, deal, "Proposal sent")

    assert response.status_code == 200, response.content
    events = new_events(mark)
    assert types(events) == ["deal.stage_changed", "deal.updated"]
    assert {event.workspace_id for event in events} == {pro.workspace.pk}
    change = one(events, "deal.stage_changed").data["object"]
    assert (change["opportunity_id"], change["from_stage_name"], change["to_stage_name"]) == (
        deal.pk,
        "Lead in",
        "Proposal sent",
    )
    assert change["status"] == "open"
    assert "stage_id" in one(events, "deal.updated").data["changed_fields"]


def test_a_deal_moved_to_a_won_stage_also_emits_deal_won(pro):
    deal = OpportunityFactory(workspace=pro.workspace)
    mark = outbox_mark()

    response = move(pro, deal, "Won")

    assert response.status_code == 200, response.content
    events = new_events(mark)
    assert types(events) == ["deal.stage_changed", "deal.updated", "deal.won"]
    won = one(events, "deal.won")
    assert won.workspace_id == pro.workspace.pk
    assert won.data["previous"] == {"status": "open"}
    assert (won.data["object"]["id"], won.data["object"]["status"]) == (deal.pk, "won")
    assert won.data["object"]["won_at"] is not None


def test_a_deal_moved_to_a_lost_stage_emits_deal_lost(pro):
    deal = OpportunityFactory(workspace=pro.workspace)
    mark = outbox_mark()

    response = move(pro, deal, "Lost", lost_reason="Went with a rival")

    assert response.status_code == 200, response.content
    events = new_events(mark)
    assert types(events) == ["deal.lost", "deal.stage_changed", "deal.updated"]
    lost = one(events, "deal.lost").data["object"]
    assert (lost["status"], lost["lost_reason"]) == ("lost", "Went with a rival")


# --- Orders and invoices --------------------------------------------------------------------------


def test_confirming_an_order_emits_order_confirmed_and_the_stock_it_took(enterprise):
    product = make_product(enterprise.workspace, sku="DESK")
    lot = make_lot(enterprise.workspace, product, quantity="10")
    order = make_order(enterprise.workspace, lines=[{"product": product, "quantity": Decimal(3)}])
    mark = outbox_mark()

    response = enterprise.client.post(f"{ORDERS}{order.pk}/confirm/")

    assert response.status_code == 200, response.content
    events = new_events(mark)
    assert types(events) == ["order.confirmed", "order.updated", "stock.moved"]
    assert {event.workspace_id for event in events} == {enterprise.workspace.pk}
    confirmed = one(events, "order.confirmed").data
    assert (confirmed["object"]["id"], confirmed["object"]["status"]) == (order.pk, "confirmed")
    assert confirmed["previous"] == {"status": "draft"}
    movement = one(events, "stock.moved").data["object"]
    assert (movement["lot_id"], movement["kind"], movement["reference"]) == (
        lot.pk,
        "sale",
        order.number,
    )
    assert (Decimal(movement["quantity"]), Decimal(movement["balance"])) == (-3, 7)


def test_confirming_an_order_of_products_without_stock_records_moves_no_stock(pro):
    order = make_order(pro.workspace)
    mark = outbox_mark()

    response = pro.client.post(f"{ORDERS}{order.pk}/confirm/")

    assert response.status_code == 200, response.content
    assert types(new_events(mark)) == ["order.confirmed", "order.updated"]


def test_computing_an_orders_totals_reports_only_the_amounts_that_changed(pro):
    product = make_product(pro.workspace, sku="CHAIR", price="49.99")
    company = CompanyFactory(workspace=pro.workspace)
    mark = outbox_mark()

    response = pro.client.post(
        ORDERS, {"company": company.pk, "lines": [{"product": product.pk, "quantity": "2"}]}
    )

    assert response.status_code == 201, response.content
    events = new_events(mark)
    assert types(events) == ["order.created", "order.updated"]
    totals = one(events, "order.updated").data
    # Discount and tax stay zero; only the amounts computed from the lines moved.
    assert totals["changed_fields"] == ["subtotal", "total"]
    assert Decimal(totals["object"]["total"]) == Decimal("99.98")


def test_an_invoice_issued_then_paid_emits_invoice_issued_then_invoice_paid(pro):
    invoice = make_invoice(pro.workspace)
    before_issue = outbox_mark()

    issued = pro.client.post(f"{INVOICES}{invoice.pk}/issue/", {})
    before_payment = outbox_mark()
    paid = pro.client.post(f"{INVOICES}{invoice.pk}/pay/", {"paid_at": "2030-06-01T10:00:00Z"})

    assert (issued.status_code, paid.status_code) == (200, 200)
    issue_events = [e for e in new_events(before_issue) if e.pk in before_payment]
    assert types(issue_events) == ["invoice.issued", "invoice.updated"]
    assert one(issue_events, "invoice.issued").data["object"]["number"] == "INV-000001"
    payment_events = new_events(before_payment)
    assert types(payment_events) == ["invoice.paid", "invoice.updated"]
    paid_event = one(payment_events, "invoice.paid")
    assert paid_event.workspace_id == pro.workspace.pk
    assert paid_event.data["previous"] == {"status": "issued"}
    assert paid_event.data["object"]["paid_at"] == "2030-06-01T10:00:00Z"


# --- Failed requests ------------------------------------------------------------------------------


def test_a_contact_with_an_invalid_email_is_a_400_and_leaves_no_event(enterprise):
    mark = outbox_mark()

    response = enterprise.client.post(
        CONTACTS, {"first_name": "Grace", "email": "not an address"}, format="json"
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["email"]
    assert new_events(mark) == []


def test_a_deal_moved_to_another_pipelines_stage_is_a_400_and_leaves_no_event(pro):
    deal = OpportunityFactory(workspace=pro.workspace)
    other = pipeline_create(workspace=pro.workspace, name="Renewals")
    mark = outbox_mark()

    response = pro.client.post(
        f"{OPPORTUNITIES}{deal.pk}/move/", {"stage": other.stages.first().pk}
    )

    assert_error(response, 400, "validation_error")
    assert new_events(mark) == []


def test_a_request_that_fails_after_writing_rolls_back_the_row_and_its_event(
    enterprise, monkeypatch
):
    mark = outbox_mark()
    written_before_the_failure = []

    def fail_after_the_write(self, instance):
        written_before_the_failure.extend(types(new_events(mark)))
        raise ValidationError({"email": ["Refused after the row was written."]})

    monkeypatch.setattr(ContactSerializer, "to_representation", fail_after_the_write)

    response = enterprise.client.post(
        CONTACTS, {"first_name": "Grace", "email": "grace@example.com"}, format="json"
    )

    assert_error(response, 400, "validation_error")
    assert written_before_the_failure == ["contact.created"]
    assert not Contact.objects.filter(email="grace@example.com").exists()
    assert new_events(mark) == []


# --- Workspace isolation --------------------------------------------------------------------------


def test_events_carry_the_acting_workspace_and_reach_only_its_subscriptions(
    enterprise, other_workspace, receiver
):
    webhooks.subscription_create(
        workspace=enterprise.workspace, url=f"{receiver.url}/mine", events=[]
    )
    webhooks.subscription_create(
        workspace=other_workspace.workspace, url=f"{receiver.url}/theirs", events=[]
    )
    mark = outbox_mark()

    with committed():
        response = enterprise.client.post(
            CONTACTS, {"first_name": "Grace", "email": "grace@example.com"}, format="json"
        )

    assert response.status_code == 201, response.content
    events = new_events(mark)
    assert types(events) == ["contact.created"]
    assert events[0].workspace_id == enterprise.workspace.pk
    assert [request.path for request in receiver.requests] == ["/hooks/mine"]
    body = json.loads(receiver.requests[0].body)
    assert (body["type"], body["workspace_id"]) == ("contact.created", enterprise.workspace.pk)
    assert not WebhookDelivery.objects.filter(
        subscription__workspace=other_workspace.workspace
    ).exists()


# --- Declared types -------------------------------------------------------------------------------


@pytest.mark.parametrize("label", [label for label, s in SOURCES.items() if s.entity], ids=str)
def test_every_source_entitys_created_updated_and_deleted_types_are_declared(label):
    entity = SOURCES[label].entity

    names = [f"{entity}.{action}" for action in ("created", "updated", "deleted")]

    assert [name for name in names if name not in EVENT_TYPES] == []


def test_every_creation_and_transition_type_of_the_sources_is_declared():
    names = [source.on_create for source in SOURCES.values() if source.on_create]
    for source in SOURCES.values():
        for targets in source.transitions.values():
            names.extend(targets.values())

    undeclared = [name for name in names if name not in EVENT_TYPES]

    assert names and undeclared == []


def test_emitting_an_undeclared_type_raises_and_writes_nothing(enterprise):
    mark = outbox_mark()

    with pytest.raises(ValueError, match=r"contact\.exploded"):
        emit_event(workspace=enterprise.workspace, type="contact.exploded", data={})

    assert new_events(mark) == []
