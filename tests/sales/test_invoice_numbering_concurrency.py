"""Invoice numbers stay unbroken when many invoices are issued at the same moment."""

import threading

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from accounts.plans import Plan
from accounts.roles import Role
from accounts.services import token_issue
from sales.models import Invoice
from tests.factories import MembershipFactory, WorkspaceFactory

from .factories import make_invoice

ISSUERS = 8


def _warm_client(workspace) -> APIClient:
    _, secret = token_issue(membership=MembershipFactory(workspace=workspace, role=Role.MEMBER))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get("/api/sales/invoices/").status_code == 200
    return client


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has no row locks (it locks the whole file), so this race cannot happen "
    "there; CI runs it on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_consecutive_numbers_without_gaps_or_repeats():
    workspace = WorkspaceFactory(plan=Plan.PRO)
    drafts = [make_invoice(workspace) for _ in range(ISSUERS)]
    # One member per request, each token already used once: requests sharing a credential
    # would queue on its last-used time and never race.
    clients = [_warm_client(workspace) for _ in range(ISSUERS)]
    start = threading.Barrier(ISSUERS)
    statuses: list[int] = []

    def issue(client: APIClient, invoice_id: int) -> None:
        try:
            start.wait()
            response = client.post(f"/api/sales/invoices/{invoice_id}/issue/", {})
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=issue, args=(client, draft.pk))
        for client, draft in zip(clients, drafts, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * ISSUERS
    numbers = sorted(Invoice.objects.filter(workspace=workspace).values_list("sequence", flat=True))
    assert numbers == list(range(1, ISSUERS + 1))
