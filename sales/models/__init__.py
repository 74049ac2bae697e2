"""The sales models; import them from here, whatever file defines them."""

from .common import Tag
from .deals import DealSource, DealStatus, Opportunity, StageChange
from .orders import Invoice, InvoiceStatus, NumberSequence, Order, OrderLine, OrderStatus
from .parties import Company, CompanySize, Contact, LifecycleStage
from .pipelines import Pipeline, Stage, StageKind
from .records import (
    CHANNELS_BY_KIND,
    ActivityKind,
    Attachment,
    Channel,
    DealActivity,
    Direction,
    Note,
    Outcome,
)

__all__ = [
    "CHANNELS_BY_KIND",
    "ActivityKind",
    "Attachment",
    "Channel",
    "Company",
    "CompanySize",
    "Contact",
    "DealActivity",
    "DealSource",
    "DealStatus",
    "Direction",
    "Invoice",
    "InvoiceStatus",
    "LifecycleStage",
    "Note",
    "NumberSequence",
    "Opportunity",
    "Order",
    "OrderLine",
    "OrderStatus",
    "Outcome",
    "Pipeline",
    "Stage",
    "StageChange",
    "StageKind",
    "Tag",
]
