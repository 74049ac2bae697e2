"""/api/sales/notes/: notes on exactly one deal, contact or company, with their author."""

import pytest

from accounts.plans import Plan
from sales.models import Note
from tests.helpers import ANY, assert_error

from .factories import CompanyFactory, ContactFactory, NoteFactory, OpportunityFactory

URL = "/api/sales/notes/"


def test_a_note_on_a_contact_names_its_author(free):
    contact = ContactFactory(workspace=free.workspace)

    response = free.client.post(URL, {"body": "Prefers calls after 4pm", "contact": contact.pk})

    assert response.status_code == 201, response.content
    user = free.membership.user
    assert response.json() == {
        "id": ANY,
        "body": "Prefers calls after 4pm",
        "pinned": False,
        "opportunity": None,
        "contact": contact.pk,
        "company": None,
        "author": {"type": "user", "id": user.pk, "name": user.username},
        "created_at": ANY,
        "updated_at": ANY,
    }


def test_a_note_written_with_a_key_names_the_key(make_api_key):
    key = make_api_key(["sales.write"])
    company = CompanyFactory(workspace=key.workspace)

    response = key.client.post(URL, {"body": "Synced", "company": company.pk})

    assert response.json()["author"] == {
        "type": "api_key",
        "id": key.credential.pk,
        "name": "test key",
    }


def test_a_note_about_nothing_is_a_400_naming_the_three_fields(free):
    error = assert_error(free.client.post(URL, {"body": "Orphan"}), 400, "validation_error")

    assert sorted(error["details"]) == ["company", "contact", "opportunity"]


def test_a_note_about_two_things_is_a_400_naming_them(free):
    contact = ContactFactory(workspace=free.workspace)
    company = CompanyFactory(workspace=free.workspace)

    response = free.client.post(URL, {"body": "Both", "contact": contact.pk, "company": company.pk})

    error = assert_error(response, 400, "validation_error")
    assert sorted(error["details"]) == ["company", "contact"]
    assert not Note.objects.exists()


def test_a_note_on_another_workspaces_deal_is_a_400(enterprise, other_workspace):
    foreign = OpportunityFactory(workspace=other_workspace.workspace)

    response = enterprise.client.post(URL, {"body": "x", "opportunity": foreign.pk})

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["opportunity"]


def test_the_text_of_a_note_changes_but_not_what_it_is_about(pro):
    note = NoteFactory(workspace=pro.workspace)
    contact = ContactFactory(workspace=pro.workspace)

    edited = pro.client.patch(f"{URL}{note.pk}/", {"body": "Edited", "pinned": True})
    moved = pro.client.patch(f"{URL}{note.pk}/", {"contact": contact.pk})

    assert edited.json()["body"] == "Edited"
    assert edited.json()["pinned"] is True
    error = assert_error(moved, 400, "validation_error")
    assert list(error["details"]) == ["contact"]


@pytest.mark.parametrize("subject", ["opportunity", "contact", "company"])
def test_notes_filter_by_what_they_are_about(pro, subject):
    note = NoteFactory(workspace=pro.workspace)
    target = {
        "opportunity": note.opportunity,
        "contact": ContactFactory(workspace=pro.workspace),
        "company": CompanyFactory(workspace=pro.workspace),
    }[subject]
    if subject != "opportunity":
        note = NoteFactory(workspace=pro.workspace, opportunity=None, **{subject: target})

    listed = pro.client.get(URL, {subject: target.pk}).json()["results"]

    assert [n["id"] for n in listed] == [note.pk]


def test_free_reads_notes_but_another_workspaces_are_hidden(make_member, other_workspace):
    free = make_member(Plan.FREE)
    mine = NoteFactory(
        workspace=free.workspace, opportunity=None, contact=ContactFactory(workspace=free.workspace)
    )
    NoteFactory(workspace=other_workspace.workspace)

    listed = free.client.get(URL).json()["results"]

    assert [n["id"] for n in listed] == [mine.pk]
