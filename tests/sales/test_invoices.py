"""/api/sales/invoices/: drafts, issue numbering, payment and voiding."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sales.models import Invoice
from sales.services import invoice_issue
from tests.helpers import ANY, assert_error

from .factories import make_invoice, make_order

URL = "/api/sales/invoices/"


def test_an_invoice_for_a_confirmed_order_starts_as_a_draft_without_a_number(pro):
    order = make_order(pro.workspace, confirmed=True)

    response = pro.client.post(URL, {"order": order.pk, "notes": "PO 7781"})

    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": ANY,
        "number": "",
        "status": "draft",
        "order": order.pk,
        "currency": "EUR",
        "subtotal": "39.80",
        "discount_total": "0.00",
        "tax_total": "0.00",
        "total": "39.80",
        "issue_date": None,
        "due_date": None,
        "paid_at": None,
        "voided_at": None,
        "void_reason": "",
        "notes": "PO 7781",
        "created_by": {"type": "user", "id": pro.membership.user.pk, "name": ANY},
        "created_at": ANY,
        "updated_at": ANY,
    }


def test_issuing_gives_the_next_number_and_dates(pro):
    first, second = make_invoice(pro.workspace), make_invoice(pro.workspace)
    today = timezone.localdate()

    one = pro.client.post(f"{URL}{first.pk}/issue/", {})
    two = pro.client.post(
        f"{URL}{second.pk}/issue/", {"issue_date": "2030-05-10", "due_date": "2030-05-20"}
    )

    assert (one.json()["number"], one.json()["status"]) == ("INV-000001", "issued")
    assert one.json()["issue_date"] == today.isoformat()
    assert one.json()["due_date"] == (today + timedelta(days=30)).isoformat()
    assert (two.json()["number"], two.json()["due_date"]) == ("INV-000002", "2030-05-20")


def test_a_due_date_before_the_issue_date_is_a_400_and_takes_no_number(pro):
    invoice = make_invoice(pro.workspace)

    response = pro.client.post(
        f"{URL}{invoice.pk}/issue/", {"issue_date": "2030-05-10", "due_date": "2030-05-01"}
    )
    after = pro.client.post(f"{URL}{invoice.pk}/issue/", {"issue_date": "2030-05-10"})

    assert list(assert_error(response, 400, "validation_error")["details"]) == ["due_date"]
    assert after.json()["number"] == "INV-000001"


def test_numbers_run_per_workspace(pro, other_workspace):
    mine = make_invoice(pro.workspace, issued=True)
    theirs = make_invoice(other_workspace.workspace, issued=True)
    mine_again = make_invoice(pro.workspace, issued=True)

    assert (mine.number, mine_again.number, theirs.number) == (
        "INV-000001",
        "INV-000002",
        "INV-000001",
    )


def test_deleting_a_draft_leaves_no_gap(pro):
    make_invoice(pro.workspace, issued=True)
    draft = make_invoice(pro.workspace)
    pro.client.delete(f"{URL}{draft.pk}/")

    later = make_invoice(pro.workspace, issued=True)

    assert later.number == "INV-000002"


def test_paying_an_issued_invoice(pro):
    invoice = make_invoice(pro.workspace, issued=True)

    response = pro.client.post(f"{URL}{invoice.pk}/pay/", {"paid_at": "2030-06-01T10:00:00Z"})

    assert response.json()["status"] == "paid"
    assert response.json()["paid_at"] == "2030-06-01T10:00:00Z"


def test_a_voided_invoice_keeps_its_number_and_the_order_can_be_invoiced_again(pro):
    invoice = make_invoice(pro.workspace, issued=True)

    voided = pro.client.post(f"{URL}{invoice.pk}/void/", {"reason": "Wrong address"})
    again = pro.client.post(URL, {"order": invoice.order_id})

    assert voided.json()["status"] == "void"
    assert voided.json()["number"] == "INV-000001"
    assert voided.json()["void_reason"] == "Wrong address"
    assert again.status_code == 201


def test_a_second_invoice_in_force_for_an_order_is_a_409(pro):
    invoice = make_invoice(pro.workspace)

    response = pro.client.post(URL, {"order": invoice.order_id})

    error = assert_error(response, 409, "conflict")
    assert error["details"] == {"existing_id": invoice.pk}
    assert Invoice.objects.count() == 1


def test_a_draft_order_is_not_invoiced(pro):
    order = make_order(pro.workspace)

    assert_error(pro.client.post(URL, {"order": order.pk}), 409, "conflict")


@pytest.mark.parametrize(
    ("issued", "action", "status"),
    [
        (False, "pay", "draft"),
        (False, "void", "draft"),
        (True, "issue", "issued"),
    ],
)
def test_a_step_out_of_order_is_a_409(pro, issued, action, status):
    invoice = make_invoice(pro.workspace, issued=issued)

    response = pro.client.post(f"{URL}{invoice.pk}/{action}/", {})

    assert assert_error(response, 409, "conflict")["details"]["status"] == status


def test_an_issued_invoice_is_neither_edited_nor_deleted(pro):
    invoice = make_invoice(pro.workspace, issued=True)

    assert_error(pro.client.patch(f"{URL}{invoice.pk}/", {"notes": "x"}), 409, "conflict")
    assert_error(pro.client.delete(f"{URL}{invoice.pk}/"), 409, "conflict")


def test_an_invoiced_order_cannot_be_cancelled(pro):
    invoice = make_invoice(pro.workspace, issued=True)

    response = pro.client.post(f"/api/sales/orders/{invoice.order_id}/cancel/")

    assert assert_error(response, 409, "conflict")["details"] == {"invoice": invoice.pk}


def test_another_workspaces_order_is_a_400(pro, other_workspace):
    foreign = make_order(other_workspace.workspace, confirmed=True)

    response = pro.client.post(URL, {"order": foreign.pk})

    assert list(assert_error(response, 400, "validation_error")["details"]) == ["order"]


def test_overdue_invoices_are_filterable(pro):
    today = timezone.localdate()
    overdue = make_invoice(pro.workspace)
    pro.client.post(
        f"{URL}{overdue.pk}/issue/",
        {
            "issue_date": (today - timedelta(days=60)).isoformat(),
            "due_date": (today - timedelta(days=30)).isoformat(),
        },
    )
    make_invoice(pro.workspace, issued=True)
    paid_late = make_invoice(pro.workspace)
    invoice_issue(invoice=paid_late, issue_date=today - timedelta(days=60))
    pro.client.post(f"{URL}{paid_late.pk}/pay/", {})

    listed = pro.client.get(URL, {"overdue": "true"}).json()["results"]

    assert [i["id"] for i in listed] == [overdue.pk]
