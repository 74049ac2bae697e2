"""Every sales list costs the same number of queries whatever the page size."""

import pytest

from sales.services import (
    Actor,
    attachment_create,
    note_create,
    opportunity_move,
    pipeline_create,
    tags_set,
)
from tests.factories import MembershipFactory
from tests.helpers import assert_constant_list_queries

from .factories import (
    CompanyFactory,
    ContactFactory,
    DealActivityFactory,
    OpportunityFactory,
    make_invoice,
    make_order,
    make_product,
    pdf_upload,
    stage_named,
)


def _companies(ws, n):
    for company in CompanyFactory.create_batch(n, workspace=ws):
        tags_set(instance=company, workspace=ws, names=["a", "b"])


def _contacts(ws, n):
    company = CompanyFactory(workspace=ws)
    for contact in ContactFactory.create_batch(n, workspace=ws, company=company):
        contact.companies.add(company)
        tags_set(instance=contact, workspace=ws, names=["lead"])


def _pipelines(ws, n):
    for number in range(n):
        pipeline_create(workspace=ws, name=f"Pipeline {number}")


def _deals(ws, n):
    owner = MembershipFactory(workspace=ws).user
    company = CompanyFactory(workspace=ws)
    contact = ContactFactory(workspace=ws)
    for deal in OpportunityFactory.create_batch(n, workspace=ws, owner=owner, company=company):
        deal.contacts.add(contact)
        tags_set(instance=deal, workspace=ws, names=["q1"])
        opportunity_move(opportunity=deal, stage=stage_named(ws, "Won"), actor=Actor(user=owner))


def _notes(ws, n):
    deal = OpportunityFactory(workspace=ws)
    author = MembershipFactory(workspace=ws).user
    for _ in range(n):
        note_create(workspace=ws, actor=Actor(user=author), body="x", opportunity=deal)


def _files(ws, n):
    contact = ContactFactory(workspace=ws)
    for _ in range(n):
        attachment_create(workspace=ws, actor=Actor(), upload=pdf_upload(), contact=contact)


def _activities(ws, n):
    user = MembershipFactory(workspace=ws).user
    contact = ContactFactory(workspace=ws)
    for activity in DealActivityFactory.create_batch(n, workspace=ws, logged_by=user):
        activity.contacts.add(contact)
        activity.users.add(user)


def _orders(ws, n):
    product = make_product(ws, sku=f"P{ws.pk}-{n}")
    for _ in range(n):
        make_order(
            ws, lines=[{"product": product, "quantity": 1}, {"product": product, "quantity": 2}]
        )


def _invoices(ws, n):
    for _ in range(n):
        make_invoice(ws, issued=True)


LISTS = {
    "companies": _companies,
    "contacts": _contacts,
    "pipelines": _pipelines,
    "opportunities": _deals,
    "notes": _notes,
    "files": _files,
    "deal-activities": _activities,
    "orders": _orders,
    "invoices": _invoices,
}


@pytest.mark.parametrize("resource", LISTS)
def test_the_list_has_a_fixed_query_count(enterprise, resource):
    def add_rows(count: int) -> None:
        LISTS[resource](enterprise.workspace, count)

    queries = assert_constant_list_queries(enterprise.client, f"/api/sales/{resource}/", add_rows)

    assert queries <= 10
