"""Every sales endpoint once: the lowest plan that has it, and how to call it in a workspace."""

from collections.abc import Callable
from dataclasses import dataclass

from rest_framework.test import APIClient

from accounts.models import Workspace
from accounts.plans import Plan
from sales.services import Actor, attachment_create, pipeline_create

from .factories import (
    CompanyFactory,
    ContactFactory,
    DealActivityFactory,
    NoteFactory,
    OpportunityFactory,
    make_invoice,
    make_order,
    make_product,
    pdf_upload,
    stage_named,
)

S = "/api/sales"


@dataclass(frozen=True)
class Endpoint:
    name: str
    plan: Plan
    method: str
    # Makes what the call needs in a workspace; returns the URL and the body.
    prepare: Callable[[Workspace], tuple[str, dict | None]]
    status: int = 200
    multipart: bool = False

    @property
    def writes(self) -> bool:
        return self.method != "get"

    @property
    def names_an_object(self) -> bool:
        """Its URL carries the id of a row (so another workspace's row must be a 404)."""
        return self.name.split()[-1] not in {"list", "create"}

    def call(self, client: APIClient, workspace: Workspace):
        url, body = self.prepare(workspace)
        fmt = "multipart" if self.multipart else "json"
        return getattr(client, self.method)(url, body, format=fmt)

    def __str__(self) -> str:
        return self.name


def _opportunity(ws):
    return OpportunityFactory(workspace=ws)


def _file(ws):
    return attachment_create(
        workspace=ws, actor=Actor(), upload=pdf_upload(), contact=ContactFactory(workspace=ws)
    )


def _fulfil(ws):
    order = make_order(ws, confirmed=True)
    line = order.lines.get()
    return f"{S}/orders/{order.pk}/fulfil/", {"lines": [{"id": line.pk, "shipped_quantity": "1"}]}


ENDPOINTS = [
    # Companies and contacts (Free)
    Endpoint("companies list", Plan.FREE, "get", lambda ws: (f"{S}/companies/", None)),
    Endpoint(
        "companies create", Plan.FREE, "post", lambda ws: (f"{S}/companies/", {"name": "A"}), 201
    ),
    Endpoint(
        "companies retrieve",
        Plan.FREE,
        "get",
        lambda ws: (f"{S}/companies/{CompanyFactory(workspace=ws).pk}/", None),
    ),
    Endpoint(
        "companies partial_update",
        Plan.FREE,
        "patch",
        lambda ws: (f"{S}/companies/{CompanyFactory(workspace=ws).pk}/", {"industry": "Retail"}),
    ),
    Endpoint(
        "companies destroy",
        Plan.FREE,
        "delete",
        lambda ws: (f"{S}/companies/{CompanyFactory(workspace=ws).pk}/", None),
        204,
    ),
    Endpoint("contacts list", Plan.FREE, "get", lambda ws: (f"{S}/contacts/", None)),
    Endpoint(
        "contacts create",
        Plan.FREE,
        "post",
        lambda ws: (f"{S}/contacts/", {"first_name": "Grace"}),
        201,
    ),
    Endpoint(
        "contacts retrieve",
        Plan.FREE,
        "get",
        lambda ws: (f"{S}/contacts/{ContactFactory(workspace=ws).pk}/", None),
    ),
    Endpoint(
        "contacts partial_update",
        Plan.FREE,
        "patch",
        lambda ws: (f"{S}/contacts/{ContactFactory(workspace=ws).pk}/", {"title": "CTO"}),
    ),
    Endpoint(
        "contacts destroy",
        Plan.FREE,
        "delete",
        lambda ws: (f"{S}/contacts/{ContactFactory(workspace=ws).pk}/", None),
        204,
    ),
    # Pipelines: reading is Free, editing Pro
    Endpoint("pipelines list", Plan.FREE, "get", lambda ws: (f"{S}/pipelines/", None)),
    Endpoint(
        "pipelines retrieve",
        Plan.FREE,
        "get",
        lambda ws: (f"{S}/pipelines/{stage_named(ws, 'Won').pipeline_id}/", None),
    ),
    Endpoint(
        "pipelines create", Plan.PRO, "post", lambda ws: (f"{S}/pipelines/", {"name": "B"}), 201
    ),
    Endpoint(
        "pipelines partial_update",
        Plan.PRO,
        "patch",
        lambda ws: (f"{S}/pipelines/{stage_named(ws, 'Won').pipeline_id}/", {"name": "Main"}),
    ),
    Endpoint(
        "pipelines destroy",
        Plan.PRO,
        "delete",
        lambda ws: (f"{S}/pipelines/{pipeline_create(workspace=ws, name='Old').pk}/", None),
        204,
    ),
    # Notes (Free)
    Endpoint("notes list", Plan.FREE, "get", lambda ws: (f"{S}/notes/", None)),
    Endpoint(
        "notes create",
        Plan.FREE,
        "post",
        lambda ws: (f"{S}/notes/", {"body": "Hi", "contact": ContactFactory(workspace=ws).pk}),
        201,
    ),
    Endpoint(
        "notes retrieve",
        Plan.FREE,
        "get",
        lambda ws: (f"{S}/notes/{NoteFactory(workspace=ws).pk}/", None),
    ),
    Endpoint(
        "notes partial_update",
        Plan.FREE,
        "patch",
        lambda ws: (f"{S}/notes/{NoteFactory(workspace=ws).pk}/", {"pinned": True}),
    ),
    Endpoint(
        "notes destroy",
        Plan.FREE,
        "delete",
        lambda ws: (f"{S}/notes/{NoteFactory(workspace=ws).pk}/", None),
        204,
    ),
    # Deals (Pro)
    Endpoint("opportunities list", Plan.PRO, "get", lambda ws: (f"{S}/opportunities/", None)),
    Endpoint(
        "opportunities create",
        Plan.PRO,
        "post",
        lambda ws: (f"{S}/opportunities/", {"name": "Deal"}),
        201,
    ),
    Endpoint(
        "opportunities retrieve",
        Plan.PRO,
        "get",
        lambda ws: (f"{S}/opportunities/{_opportunity(ws).pk}/", None),
    ),
    Endpoint(
        "opportunities partial_update",
        Plan.PRO,
        "patch",
        lambda ws: (f"{S}/opportunities/{_opportunity(ws).pk}/", {"amount": "10"}),
    ),
    Endpoint(
        "opportunities destroy",
        Plan.PRO,
        "delete",
        lambda ws: (f"{S}/opportunities/{_opportunity(ws).pk}/", None),
        204,
    ),
    Endpoint(
        "opportunities move",
        Plan.PRO,
        "post",
        lambda ws: (
            f"{S}/opportunities/{_opportunity(ws).pk}/move/",
            {"stage": stage_named(ws, "Won").pk},
        ),
    ),
    Endpoint(
        "opportunities timeline",
        Plan.PRO,
        "get",
        lambda ws: (f"{S}/opportunities/{_opportunity(ws).pk}/timeline/", None),
    ),
    # Files (Pro)
    Endpoint("files list", Plan.PRO, "get", lambda ws: (f"{S}/files/", None)),
    Endpoint(
        "files create",
        Plan.PRO,
        "post",
        lambda ws: (
            f"{S}/files/",
            {"file": pdf_upload(), "company": CompanyFactory(workspace=ws).pk},
        ),
        201,
        multipart=True,
    ),
    Endpoint("files retrieve", Plan.PRO, "get", lambda ws: (f"{S}/files/{_file(ws).pk}/", None)),
    Endpoint(
        "files partial_update",
        Plan.PRO,
        "patch",
        lambda ws: (f"{S}/files/{_file(ws).pk}/", {"description": "Signed"}),
    ),
    Endpoint(
        "files destroy", Plan.PRO, "delete", lambda ws: (f"{S}/files/{_file(ws).pk}/", None), 204
    ),
    Endpoint(
        "files download",
        Plan.PRO,
        "get",
        lambda ws: (f"{S}/files/{_file(ws).pk}/download/", None),
    ),
    # Deal activities (Enterprise)
    Endpoint(
        "deal-activities list", Plan.ENTERPRISE, "get", lambda ws: (f"{S}/deal-activities/", None)
    ),
    Endpoint(
        "deal-activities create",
        Plan.ENTERPRISE,
        "post",
        lambda ws: (
            f"{S}/deal-activities/",
            {"opportunity": _opportunity(ws).pk, "kind": "call", "direction": "outbound"},
        ),
        201,
    ),
    Endpoint(
        "deal-activities retrieve",
        Plan.ENTERPRISE,
        "get",
        lambda ws: (f"{S}/deal-activities/{DealActivityFactory(workspace=ws).pk}/", None),
    ),
    Endpoint(
        "deal-activities partial_update",
        Plan.ENTERPRISE,
        "patch",
        lambda ws: (
            f"{S}/deal-activities/{DealActivityFactory(workspace=ws).pk}/",
            {"outcome": "connected"},
        ),
    ),
    Endpoint(
        "deal-activities destroy",
        Plan.ENTERPRISE,
        "delete",
        lambda ws: (f"{S}/deal-activities/{DealActivityFactory(workspace=ws).pk}/", None),
        204,
    ),
    # Orders (Pro)
    Endpoint("orders list", Plan.PRO, "get", lambda ws: (f"{S}/orders/", None)),
    Endpoint(
        "orders create",
        Plan.PRO,
        "post",
        lambda ws: (
            f"{S}/orders/",
            {
                "company": CompanyFactory(workspace=ws).pk,
                "lines": [{"product": make_product(ws).pk, "quantity": "1"}],
            },
        ),
        201,
    ),
    Endpoint(
        "orders retrieve", Plan.PRO, "get", lambda ws: (f"{S}/orders/{make_order(ws).pk}/", None)
    ),
    Endpoint(
        "orders partial_update",
        Plan.PRO,
        "patch",
        lambda ws: (f"{S}/orders/{make_order(ws).pk}/", {"notes": "Gate code 1234"}),
    ),
    Endpoint(
        "orders destroy",
        Plan.PRO,
        "delete",
        lambda ws: (f"{S}/orders/{make_order(ws).pk}/", None),
        204,
    ),
    Endpoint(
        "orders confirm",
        Plan.PRO,
        "post",
        lambda ws: (f"{S}/orders/{make_order(ws).pk}/confirm/", None),
    ),
    Endpoint(
        "orders cancel",
        Plan.PRO,
        "post",
        lambda ws: (f"{S}/orders/{make_order(ws).pk}/cancel/", {"reason": "Duplicate"}),
    ),
    Endpoint("orders fulfil", Plan.PRO, "post", _fulfil),
    # Invoices (Pro, with orders)
    Endpoint("invoices list", Plan.PRO, "get", lambda ws: (f"{S}/invoices/", None)),
    Endpoint(
        "invoices create",
        Plan.PRO,
        "post",
        lambda ws: (f"{S}/invoices/", {"order": make_order(ws, confirmed=True).pk}),
        201,
    ),
    Endpoint(
        "invoices retrieve",
        Plan.PRO,
        "get",
        lambda ws: (f"{S}/invoices/{make_invoice(ws).pk}/", None),
    ),
    Endpoint(
        "invoices partial_update",
        Plan.PRO,
        "patch",
        lambda ws: (f"{S}/invoices/{make_invoice(ws).pk}/", {"notes": "Net 30"}),
    ),
    Endpoint(
        "invoices destroy",
        Plan.PRO,
        "delete",
        lambda ws: (f"{S}/invoices/{make_invoice(ws).pk}/", None),
        204,
    ),
    Endpoint(
        "invoices issue",
        Plan.PRO,
        "post",
        lambda ws: (f"{S}/invoices/{make_invoice(ws).pk}/issue/", {}),
    ),
    Endpoint(
        "invoices pay",
        Plan.PRO,
        "post",
        lambda ws: (f"{S}/invoices/{make_invoice(ws, issued=True).pk}/pay/", {}),
    ),
    Endpoint(
        "invoices void",
        Plan.PRO,
        "post",
        lambda ws: (f"{S}/invoices/{make_invoice(ws, issued=True).pk}/void/", {"reason": "Typo"}),
    ),
]
