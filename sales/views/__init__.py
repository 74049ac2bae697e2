"""The sales endpoints; import viewsets from here, whatever file defines them."""

from .deals import OpportunityViewSet
from .orders import InvoiceViewSet, OrderViewSet
from .parties import CompanyViewSet, ContactViewSet
from .pipelines import PipelineViewSet
from .records import AttachmentViewSet, DealActivityViewSet, NoteViewSet

__all__ = [
    "AttachmentViewSet",
    "CompanyViewSet",
    "ContactViewSet",
    "DealActivityViewSet",
    "InvoiceViewSet",
    "NoteViewSet",
    "OpportunityViewSet",
    "OrderViewSet",
    "PipelineViewSet",
]
