"""Factories for the sales models; each row lands in the workspace it is given."""

from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from catalog.services import lot_create, product_create
from sales.models import (
    Company,
    Contact,
    DealActivity,
    Note,
    Opportunity,
    Pipeline,
    Stage,
)
from sales.services import (
    Actor,
    invoice_create,
    invoice_issue,
    opportunity_create,
    order_confirm,
    order_create,
)
from tests.factories import WorkspaceFactory


def default_pipeline(workspace) -> Pipeline:
    return Pipeline.objects.get(workspace=workspace, is_default=True)


def stage_named(workspace, name: str, pipeline: Pipeline | None = None) -> Stage:
    pipeline = pipeline or default_pipeline(workspace)
    return pipeline.stages.get(name=name)


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Company {n}")
    domain = factory.Sequence(lambda n: f"company{n}.example.com")
    industry = "Software"


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    workspace = factory.SubFactory(WorkspaceFactory)
    first_name = factory.Sequence(lambda n: f"Ada{n}")
    last_name = "Lovelace"
    email = factory.Sequence(lambda n: f"ada{n}@example.com")


class OpportunityFactory(DjangoModelFactory):
    """A deal at the first open stage of the workspace's default pipeline, made by the service
    so that its history starts as a real one does.
    """

    class Meta:
        model = Opportunity

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Deal {n}")
    amount = Decimal("1000.00")
    currency = "USD"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return opportunity_create(actor=Actor(), **kwargs)


class NoteFactory(DjangoModelFactory):
    class Meta:
        model = Note

    workspace = factory.SubFactory(WorkspaceFactory)
    body = factory.Sequence(lambda n: f"Note {n}")
    opportunity = factory.SubFactory(
        OpportunityFactory, workspace=factory.SelfAttribute("..workspace")
    )


class DealActivityFactory(DjangoModelFactory):
    class Meta:
        model = DealActivity

    workspace = factory.SubFactory(WorkspaceFactory)
    opportunity = factory.SubFactory(
        OpportunityFactory, workspace=factory.SelfAttribute("..workspace")
    )
    kind = "call"
    channel = "phone"
    direction = "outbound"
    subject = factory.Sequence(lambda n: f"Call {n}")


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf_upload(name: str = "quote.pdf", content: bytes = PDF_BYTES, content_type=None):
    return SimpleUploadedFile(name, content, content_type=content_type or "application/pdf")


def make_product(workspace, *, sku: str = "WIDGET-1", price: str = "19.90", currency: str = "EUR"):
    """A catalogue product, made through the catalogue's own service."""
    return product_create(
        workspace=workspace, name=f"Product {sku}", sku=sku, price=Decimal(price), currency=currency
    )


def make_lot(workspace, product, *, quantity: str, lot_number: str = "LOT-1", variant=None):
    """Stock of a product (or variant), received through the catalogue's own service."""
    return lot_create(
        workspace=workspace,
        product=product,
        variant=variant,
        lot_number=lot_number,
        location="MAIN",
        quantity=Decimal(quantity),
    )


def make_order(workspace, *, lines=None, confirmed: bool = False, currency: str = "EUR"):
    """An order through the service; by default one line of 2 of a 19.90 EUR product."""
    company = CompanyFactory(workspace=workspace)
    if lines is None:
        product = make_product(workspace, sku=f"SKU-{company.pk}")
        lines = [{"product": product, "quantity": Decimal("2")}]
    order = order_create(
        workspace=workspace, actor=Actor(), company=company, lines=lines, currency=currency
    )
    if confirmed:
        order = order_confirm(order=order, actor=Actor())
    return order


def make_invoice(workspace, *, issued: bool = False):
    invoice = invoice_create(
        workspace=workspace, actor=Actor(), order=make_order(workspace, confirmed=True)
    )
    return invoice_issue(invoice=invoice) if issued else invoice
