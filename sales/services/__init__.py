"""Every write of the sales module; import services from here, whatever file defines them."""

from .activities import activity_create, activity_update
from .common import Actor, tags_set
from .deals import opportunity_create, opportunity_move, opportunity_update
from .invoices import (
    invoice_create,
    invoice_delete,
    invoice_issue,
    invoice_pay,
    invoice_update,
    invoice_void,
)
from .orders import (
    order_cancel,
    order_confirm,
    order_create,
    order_delete,
    order_fulfil,
    order_lines_build,
    order_totals_set,
    order_update,
)
from .parties import company_create, company_update, contact_create, contact_update
from .pipelines import (
    STANDARD_STAGES,
    pipeline_create,
    pipeline_create_standard,
    pipeline_delete,
    pipeline_update,
)
from .records import (
    attachment_create,
    attachment_delete,
    attachment_storage_delete,
    note_create,
    note_update,
)
from .sequences import sequence_next, sequence_take

__all__ = [
    "STANDARD_STAGES",
    "Actor",
    "activity_create",
    "activity_update",
    "attachment_create",
    "attachment_delete",
    "attachment_storage_delete",
    "company_create",
    "company_update",
    "contact_create",
    "contact_update",
    "invoice_create",
    "invoice_delete",
    "invoice_issue",
    "invoice_pay",
    "invoice_update",
    "invoice_void",
    "note_create",
    "note_update",
    "opportunity_create",
    "opportunity_move",
    "opportunity_update",
    "order_cancel",
    "order_confirm",
    "order_create",
    "order_delete",
    "order_fulfil",
    "order_lines_build",
    "order_totals_set",
    "order_update",
    "pipeline_create",
    "pipeline_create_standard",
    "pipeline_delete",
    "pipeline_update",
    "sequence_next",
    "sequence_take",
    "tags_set",
]
