"""Import jobs: CSV and XLSX files mapped onto products and contacts, dry runs and bad files."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from openpyxl import Workbook

from accounts.plans import Plan
from catalog.models import PriceChange, Product
from integrations.models import DomainEvent, ImportJob, IntegrationLog
from sales.models import Contact
from tests.helpers import ANY, assert_constant_list_queries, assert_error

URL = "/api/integrations/import-jobs/"
PRODUCT_MAPPING = {"SKU": "sku", "Name": "name", "Price": "price", "Currency": "currency"}
GOOD_ROWS = [
    ["SKU", "Name", "Price", "Currency"],
    ["A-1", "Oak desk", "249.00", "EUR"],
    ["A-2", "Lamp", "19.90", "EUR"],
]
MIXED_ROWS = [
    ["SKU", "Name", "Price", "Currency"],
    ["B-1", "Chair", "99.00", "EUR"],
    ["B-2", "Stool", "-5", "EUR"],
    ["B-3", "Bench", "120.00", "XYZ"],
    ["B-4", "Shelf", "45.00", "EUR"],
]


def csv_file(rows, name="products.csv") -> SimpleUploadedFile:
    text = "\n".join(",".join(str(cell) for cell in row) for row in rows) + "\n"
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def xlsx_file(rows, name="products.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def start(actor, upload, mapping=None, **fields):
    body = {
        "file": upload,
        "target": "products",
        "mapping": json.dumps(mapping or PRODUCT_MAPPING),
        **fields,
    }
    with TestCase.captureOnCommitCallbacks(execute=True):
        return actor.client.post(URL, body, format="multipart")


def job_of(actor, response) -> dict:
    assert response.status_code == 202, response.content
    return actor.client.get(f"{URL}{response.json()['id']}/").json()


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_a_good_file_creates_every_row(pro, make_file):
    job = job_of(pro, start(pro, make_file(GOOD_ROWS)))

    assert job == {
        "id": ANY,
        "original_name": ANY,
        "file_format": "csv" if make_file is csv_file else "xlsx",
        "target": "products",
        "mapping": PRODUCT_MAPPING,
        "match_on": "",
        "dry_run": False,
        "status": "succeeded",
        "total_rows": 2,
        "processed_rows": 2,
        "created_count": 2,
        "updated_count": 0,
        "error_count": 0,
        "errors": [],
        "failure_reason": "",
        "started_at": ANY,
        "finished_at": ANY,
        "created_at": ANY,
        "updated_at": ANY,
    }
    products = Product.objects.filter(workspace=pro.workspace).order_by("sku")
    assert [(p.sku, p.name, p.price) for p in products] == [
        ("A-1", "Oak desk", Decimal("249.00")),
        ("A-2", "Lamp", Decimal("19.90")),
    ]


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_a_mixed_file_imports_the_good_rows_and_reports_the_bad_ones(pro, make_file):
    job = job_of(pro, start(pro, make_file(MIXED_ROWS)))

    assert job["status"] == "partially_succeeded"
    assert (job["total_rows"], job["processed_rows"], job["created_count"]) == (4, 4, 2)
    assert job["error_count"] == 2
    assert [(error["row"], error["field"]) for error in job["errors"]] == [
        (3, "price"),
        (4, "currency"),
    ]
    assert all(error["message"] for error in job["errors"])
    assert set(Product.objects.values_list("sku", flat=True)) == {"B-1", "B-4"}


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_a_dry_run_validates_everything_and_writes_nothing(pro, make_file):
    job = job_of(pro, start(pro, make_file(MIXED_ROWS), dry_run="true"))

    assert job["dry_run"] is True
    assert job["status"] == "partially_succeeded"
    assert (job["created_count"], job["error_count"]) == (2, 2)
    assert Product.objects.count() == 0
    assert PriceChange.objects.count() == 0


def test_a_file_where_no_row_is_valid_fails(pro):
    job = job_of(pro, start(pro, csv_file([MIXED_ROWS[0], MIXED_ROWS[2], MIXED_ROWS[3]])))

    assert job["status"] == "failed"
    assert job["failure_reason"] == "No row could be imported."


def test_match_on_updates_existing_records_and_records_the_price_change(pro):
    job_of(pro, start(pro, csv_file(GOOD_ROWS)))

    rows = [GOOD_ROWS[0], ["A-1", "Oak desk", "199.00", "EUR"], ["A-3", "Rug", "80.00", "EUR"]]
    job = job_of(pro, start(pro, csv_file(rows), match_on="sku"))

    assert (job["status"], job["created_count"], job["updated_count"]) == ("succeeded", 1, 1)
    desk = Product.objects.get(sku="A-1")
    assert desk.price == Decimal("199.00")
    change = PriceChange.objects.filter(product=desk).order_by("created_at", "id").last()
    assert (change.old_price, change.new_price, change.source) == (
        Decimal("249.00"),
        Decimal("199.00"),
        "import",
    )


def test_without_match_on_a_known_sku_is_a_row_error(pro):
    job_of(pro, start(pro, csv_file(GOOD_ROWS)))

    job = job_of(pro, start(pro, csv_file(GOOD_ROWS)))

    assert job["status"] == "failed"
    assert {error["field"] for error in job["errors"]} == {"sku"}


def test_a_finished_import_is_logged_and_emits_an_event(enterprise):
    job = job_of(enterprise, start(enterprise, csv_file(GOOD_ROWS)))

    log = IntegrationLog.objects.get(kind="import")
    assert log.import_job_id == job["id"] and log.status == "succeeded"
    event = DomainEvent.objects.get(type="import.finished")
    assert event.data["object"]["created"] == 2


def test_a_large_file_streams_in_batches(pro, settings):
    settings.IMPORT_BATCH_SIZE = 100
    rows = [GOOD_ROWS[0]] + [[f"S-{n}", f"Item {n}", "1.00", "EUR"] for n in range(1, 1001)]

    job = job_of(pro, start(pro, csv_file(rows), dry_run="true"))

    assert (job["status"], job["total_rows"], job["processed_rows"]) == ("succeeded", 1000, 1000)
    assert Product.objects.count() == 0


# --- Refused uploads ------------------------------------------------------------------------


def zip_upload(entries: dict[str, bytes], name="book.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("products.csv", b"\x00\x01\x02binary"),
        SimpleUploadedFile("products.csv", "SKU,Name\nA,\xe9t\xe9\n".encode("latin-1")),
        SimpleUploadedFile("products.xlsx", b"SKU,Name\nA,B\n"),
        SimpleUploadedFile("products.pdf", b"PK\x03\x04 not really"),
        SimpleUploadedFile("products.csv", b""),
    ],
    ids=["binary", "not-utf8", "xlsx-that-is-text", "zip-named-pdf", "empty"],
)
def test_a_file_that_is_not_what_it_says_is_refused(pro, upload):
    response = start(pro, upload)

    assert list(assert_error(response, 400, "validation_error")["details"]) == ["file"]
    assert ImportJob.objects.count() == 0


def test_an_archive_without_a_workbook_is_refused(pro):
    response = start(pro, zip_upload({"hello.txt": b"hi"}))

    assert list(assert_error(response, 400, "validation_error")["details"]) == ["file"]


def test_a_workbook_that_expands_beyond_the_limit_is_refused(pro, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1_000_000
    bomb = zip_upload({"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"0" * 5_000_000})

    response = start(pro, bomb)

    error = assert_error(response, 400, "validation_error")
    assert "expands" in error["details"]["file"][0]


def test_a_file_over_the_size_limit_is_refused(pro, settings):
    settings.IMPORT_MAX_FILE_BYTES = 50

    response = start(pro, csv_file(GOOD_ROWS))

    assert list(assert_error(response, 400, "validation_error")["details"]) == ["file"]


def test_a_file_of_several_megabytes_is_accepted_and_queued(pro):
    rows = [GOOD_ROWS[0]] + [[f"L-{n}", "x" * 40, "1.00", "EUR"] for n in range(60_000)]
    upload = csv_file(rows)
    assert upload.size > 3 * 1024 * 1024

    # The job itself is not run here: the upload path is what this test is about.
    response = pro.client.post(
        URL,
        {"file": upload, "target": "products", "mapping": json.dumps(PRODUCT_MAPPING)},
        format="multipart",
    )

    assert response.status_code == 202
    assert ImportJob.objects.get().status == "queued"


@pytest.mark.parametrize(
    ("mapping", "extra", "field"),
    [
        ({"Nope": "sku"}, {}, "mapping"),
        ({"SKU": "no_such_field"}, {}, "mapping"),
        (PRODUCT_MAPPING, {"match_on": "name"}, "match_on"),
        ({"Name": "name"}, {"match_on": "sku"}, "match_on"),
        (PRODUCT_MAPPING, {"target": "planets"}, "target"),
    ],
)
def test_a_bad_mapping_is_a_400_naming_the_field(pro, mapping, extra, field):
    response = start(pro, csv_file(GOOD_ROWS), mapping=mapping, **extra)

    assert list(assert_error(response, 400, "validation_error")["details"]) == [field]
    assert ImportJob.objects.count() == 0


def test_a_mapping_that_is_not_json_is_a_400(pro):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = pro.client.post(
            URL,
            {"file": csv_file(GOOD_ROWS), "target": "products", "mapping": "{nope"},
            format="multipart",
        )

    assert list(assert_error(response, 400, "validation_error")["details"]) == ["mapping"]


# --- Plans and workspaces ----------------------------------------------------------------------


def test_free_cannot_import(free):
    error = assert_error(start(free, csv_file(GOOD_ROWS)), 403, "feature_not_available")
    assert error["details"]["flag"] == "integrations.import_jobs"


def test_a_viewer_cannot_import(make_member):
    viewer = make_member(Plan.PRO, role="viewer")

    assert_error(start(viewer, csv_file(GOOD_ROWS)), 403, "permission_missing")


def test_another_workspaces_job_is_invisible(pro, make_member):
    other = make_member(Plan.PRO)
    theirs = start(other, csv_file(GOOD_ROWS)).json()["id"]

    assert_error(pro.client.get(f"{URL}{theirs}/"), 404, "not_found")
    assert pro.client.get(URL).json()["results"] == []
    assert not Product.objects.filter(workspace=pro.workspace).exists()


def test_the_job_list_has_a_fixed_query_count(pro):
    def add(count):
        for _ in range(count):
            start(pro, csv_file(GOOD_ROWS), dry_run="true")

    assert_constant_list_queries(pro.client, URL, add)


# --- Contacts and companies --------------------------------------------------------------------

CONTACT_MAPPING = {"E-mail": "email", "First": "first_name", "Last": "last_name"}


def test_contacts_import_matching_on_email_and_duplicates_are_row_errors(pro):
    rows = [
        ["E-mail", "First", "Last"],
        ["ada@example.com", "Ada", "L"],
        ["bo@example.com", "Bo", "K"],
    ]
    first = job_of(pro, start(pro, csv_file(rows), mapping=CONTACT_MAPPING, target="contacts"))

    again = [rows[0], ["ada@example.com", "Ada", "Lovelace"], ["cy@example.com", "Cy", "M"]]
    matched = job_of(
        pro,
        start(pro, csv_file(again), mapping=CONTACT_MAPPING, target="contacts", match_on="email"),
    )
    duplicate = job_of(pro, start(pro, csv_file(again), mapping=CONTACT_MAPPING, target="contacts"))

    assert (first["status"], first["created_count"]) == ("succeeded", 2)
    assert (matched["created_count"], matched["updated_count"]) == (1, 1)
    assert duplicate["status"] == "failed"
    assert [(e["row"], e["field"]) for e in duplicate["errors"]] == [(2, "email"), (3, "email")]
    ada = Contact.objects.get(workspace=pro.workspace, email="ada@example.com")
    assert ada.last_name == "Lovelace"


def test_companies_import_matches_on_domain(pro):
    mapping = {"Company": "name", "Web": "domain"}
    rows = [["Company", "Web"], ["Acme", "acme.example"], ["Globex", "globex.example"]]

    job = job_of(pro, start(pro, csv_file(rows), mapping=mapping, target="companies"))
    rerun = job_of(
        pro, start(pro, csv_file(rows), mapping=mapping, target="companies", match_on="domain")
    )

    assert (job["created_count"], rerun["updated_count"], rerun["created_count"]) == (2, 2, 0)
