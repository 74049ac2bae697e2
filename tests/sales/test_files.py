"""/api/sales/files/: uploads through the storage API, checked, and downloads only in-workspace."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from sales.models import Attachment
from tests.helpers import ANY, assert_error

from .factories import PDF_BYTES, CompanyFactory, ContactFactory, OpportunityFactory, pdf_upload

URL = "/api/sales/files/"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(actor, **fields):
    return actor.client.post(URL, fields, format="multipart")


def test_an_upload_is_stored_under_a_random_name_and_described(pro):
    deal = OpportunityFactory(workspace=pro.workspace)

    response = upload(pro, file=pdf_upload("Quote 2030.pdf"), opportunity=deal.pk)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {
        "id": ANY,
        "name": "Quote 2030.pdf",
        "description": "",
        "content_type": "application/pdf",
        "size": len(PDF_BYTES),
        "sha256": hashlib.sha256(PDF_BYTES).hexdigest(),
        "opportunity": deal.pk,
        "contact": None,
        "company": None,
        "uploaded_by": {"type": "user", "id": pro.membership.user.pk, "name": ANY},
        "download_url": f"http://testserver/api/sales/files/{body['id']}/download/",
        "created_at": ANY,
        "updated_at": ANY,
    }
    stored = Attachment.objects.get().file.name
    assert stored.startswith(f"sales/{pro.workspace.pk}/")
    assert "Quote" not in stored
    assert default_storage.exists(stored)


def test_the_download_streams_the_file_as_an_attachment(pro):
    contact = ContactFactory(workspace=pro.workspace)
    file_id = upload(pro, file=pdf_upload("terms.pdf"), contact=contact.pk).json()["id"]

    response = pro.client.get(f"{URL}{file_id}/download/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="terms.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_workspace_cannot_download_or_see_the_file(pro, other_workspace):
    contact = ContactFactory(workspace=pro.workspace)
    file_id = upload(pro, file=pdf_upload(), contact=contact.pk).json()["id"]

    download = other_workspace.client.get(f"{URL}{file_id}/download/")
    listed = other_workspace.client.get(URL).json()["results"]

    assert_error(download, 404, "not_found")
    assert listed == []


def test_a_download_without_a_credential_is_a_401(pro):
    contact = ContactFactory(workspace=pro.workspace)
    file_id = upload(pro, file=pdf_upload(), contact=contact.pk).json()["id"]

    assert_error(APIClient().get(f"{URL}{file_id}/download/"), 401, "not_authenticated")


def test_the_media_url_serves_nothing(pro):
    contact = ContactFactory(workspace=pro.workspace)
    upload(pro, file=pdf_upload(), contact=contact.pk)
    stored = Attachment.objects.get().file.name

    response = APIClient().get(f"/media/{stored}")

    assert response.status_code == 404


def test_a_file_over_the_size_limit_is_a_400_and_stores_nothing(pro, settings):
    settings.SALES_FILE_MAX_BYTES = 20
    contact = ContactFactory(workspace=pro.workspace)

    response = upload(pro, file=pdf_upload(content=PDF_BYTES), contact=contact.pk)

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["file"]
    assert not Attachment.objects.exists()
    assert list(Path(settings.MEDIA_ROOT).rglob("*.pdf")) == []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        ("tool.exe", b"MZ\x90\x00", "application/octet-stream"),
        ("quote.pdf", b"<html>not a pdf</html>", "application/pdf"),
        ("quote.pdf", PDF_BYTES, "image/png"),
        ("photo.png", PDF_BYTES, "image/png"),
        ("notes.txt", b"\x00\x01\x02binary", "text/plain"),
        ("noextension", PDF_BYTES, "application/pdf"),
    ],
)
def test_a_type_not_accepted_or_not_matching_its_content_is_a_400(pro, name, content, content_type):
    contact = ContactFactory(workspace=pro.workspace)

    response = upload(
        pro, file=pdf_upload(name, content, content_type=content_type), contact=contact.pk
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["file"]
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "stored_type"),
    [
        ("chart.png", PNG_BYTES, "image/png", "image/png"),
        ("list.csv", b"name,email\nAda,ada@example.com\n", "application/vnd.ms-excel", "text/csv"),
        ("memo.txt", "Réunion à 10h".encode(), "text/plain", "text/plain"),
        ("scan.pdf", PDF_BYTES, "application/octet-stream", "application/pdf"),
    ],
)
def test_accepted_types_are_stored_with_their_canonical_content_type(
    pro, name, content, content_type, stored_type
):
    company = CompanyFactory(workspace=pro.workspace)

    response = upload(
        pro, file=pdf_upload(name, content, content_type=content_type), company=company.pk
    )

    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == stored_type


def test_an_empty_file_is_a_400(pro):
    contact = ContactFactory(workspace=pro.workspace)

    response = upload(pro, file=pdf_upload(content=b""), contact=contact.pk)

    assert_error(response, 400, "validation_error")


def test_a_file_on_another_workspaces_contact_is_a_400(pro, other_workspace):
    foreign = ContactFactory(workspace=other_workspace.workspace)

    response = upload(pro, file=pdf_upload(), contact=foreign.pk)

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["contact"]
    assert not Attachment.objects.exists()


def test_a_files_content_cannot_be_replaced_but_its_name_can(pro):
    contact = ContactFactory(workspace=pro.workspace)
    file_id = upload(pro, file=pdf_upload(), contact=contact.pk).json()["id"]

    renamed = pro.client.patch(f"{URL}{file_id}/", {"name": "Signed quote.pdf"})
    replaced = pro.client.patch(f"{URL}{file_id}/", {"file": pdf_upload()}, format="multipart")

    assert renamed.json()["name"] == "Signed quote.pdf"
    error = assert_error(replaced, 400, "validation_error")
    assert list(error["details"]) == ["file"]


def test_deleting_a_file_removes_it_from_storage(pro, django_capture_on_commit_callbacks):
    contact = ContactFactory(workspace=pro.workspace)
    file_id = upload(pro, file=pdf_upload(), contact=contact.pk).json()["id"]
    stored = Attachment.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = pro.client.delete(f"{URL}{file_id}/")

    assert response.status_code == 204
    assert not default_storage.exists(stored)


def test_deleting_a_deal_removes_its_files_from_storage(pro, django_capture_on_commit_callbacks):
    deal = OpportunityFactory(workspace=pro.workspace)
    upload(pro, file=pdf_upload(), opportunity=deal.pk)
    stored = Attachment.objects.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        pro.client.delete(f"/api/sales/opportunities/{deal.pk}/")

    assert not Attachment.objects.exists()
    assert not default_storage.exists(stored)


def test_a_file_missing_from_storage_is_a_404_not_a_crash(pro):
    contact = ContactFactory(workspace=pro.workspace)
    file_id = upload(pro, file=pdf_upload(), contact=contact.pk).json()["id"]
    default_storage.delete(Attachment.objects.get().file.name)

    assert_error(pro.client.get(f"{URL}{file_id}/download/"), 404, "not_found")
