"""The sales request and response bodies; import them from here."""

from .common import (
    ActorField,
    CurrencyField,
    CustomFieldsField,
    MoneyField,
    TagListField,
    WorkspaceMemberField,
)
from .deals import (
    OpportunityMoveSerializer,
    OpportunitySerializer,
    StageChangeSerializer,
    TimelinePageSerializer,
)
from .orders import (
    FulfilmentLineSerializer,
    InvoiceIssueSerializer,
    InvoicePaySerializer,
    InvoiceSerializer,
    InvoiceVoidSerializer,
    OrderCancelSerializer,
    OrderFulfilSerializer,
    OrderLineSerializer,
    OrderSerializer,
)
from .parties import CompanySerializer, ContactSerializer
from .pipelines import PipelineSerializer, StageSerializer
from .records import AttachmentSerializer, DealActivitySerializer, NoteSerializer

__all__ = [
    "ActorField",
    "AttachmentSerializer",
    "CompanySerializer",
    "ContactSerializer",
    "CurrencyField",
    "CustomFieldsField",
    "DealActivitySerializer",
    "FulfilmentLineSerializer",
    "InvoiceIssueSerializer",
    "InvoicePaySerializer",
    "InvoiceSerializer",
    "InvoiceVoidSerializer",
    "MoneyField",
    "NoteSerializer",
    "OpportunityMoveSerializer",
    "OpportunitySerializer",
    "OrderCancelSerializer",
    "OrderFulfilSerializer",
    "OrderLineSerializer",
    "OrderSerializer",
    "PipelineSerializer",
    "StageChangeSerializer",
    "StageSerializer",
    "TagListField",
    "TimelinePageSerializer",
    "WorkspaceMemberField",
]
