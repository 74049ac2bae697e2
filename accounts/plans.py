"""Plans, feature flags and the flag each API operation needs: the single source of truth.

`FEATURES` gives every feature flag the lowest plan that has it. `OPERATIONS` gives every API
operation (a resource and a viewset action) the flag it needs and, where one is needed, the role
permission of `accounts.roles`. The public API guide's tables are the floor; operations the guide
does not list are placed here as the product intends. The permission class, the profile's
`feature_flags` and the OpenAPI schema all read these tables, so a placement changes here only.
"""

from dataclasses import dataclass

from django.db import models


class Plan(models.TextChoices):
    FREE = "free", "Free"
    PRO = "pro", "Pro"
    ENTERPRISE = "enterprise", "Enterprise"


# Cheapest first: a plan has every flag of the plans before it.
PLAN_ORDER: tuple[Plan, ...] = (Plan.FREE, Plan.PRO, Plan.ENTERPRISE)


@dataclass(frozen=True)
class Feature:
    flag: str
    plan: Plan
    description: str


@dataclass(frozen=True)
class Operation:
    """What one API operation needs beyond a valid credential."""

    flag: str
    # A role permission from `accounts.roles.PERMISSIONS`; None means any member may call it.
    permission: str | None = None


_FEATURE_LIST = [
    Feature("catalog.browse", Plan.FREE, "List products, variants, categories and suppliers."),
    Feature("catalog.manage", Plan.PRO, "Create and update products, variants and suppliers."),
    Feature("catalog.price_history", Plan.ENTERPRISE, "Inspect historical pricing per SKU."),
    Feature("catalog.inventory", Plan.ENTERPRISE, "Distributed inventory and batch tracking."),
    Feature("sales.pipelines", Plan.FREE, "The standard sales pipeline and its stages."),
    Feature("sales.notes", Plan.FREE, "Deal, contact and company notes."),
    Feature("sales.contacts", Plan.FREE, "Companies and contacts."),
    Feature("sales.custom_pipelines", Plan.PRO, "Create and edit pipelines and stages."),
    Feature("sales.opportunities", Plan.PRO, "Create opportunities and progress deals."),
    Feature("sales.files", Plan.PRO, "Attach files to deals, contacts and companies."),
    Feature("sales.orders", Plan.PRO, "Orders, invoices and fulfilment data."),
    Feature("sales.deal_activities", Plan.ENTERPRISE, "Multi-channel interaction logging."),
    Feature("analytics.dashboards", Plan.FREE, "Saved dashboards and cards."),
    Feature("analytics.reports", Plan.PRO, "Curated performance reports."),
    Feature("analytics.forecasts", Plan.PRO, "Demand and revenue forecasting."),
    Feature("analytics.insights", Plan.ENTERPRISE, "AI insights, anomalies and recommendations."),
    Feature("analytics.model_training", Plan.ENTERPRISE, "Bespoke model training runs."),
    Feature("automation.campaigns", Plan.PRO, "Multi-step, multi-channel campaigns."),
    Feature("automation.rules", Plan.PRO, "Workflow triggers and actions."),
    Feature("automation.webhook_events", Plan.ENTERPRISE, "Fire internal webhook events."),
    Feature("automation.notifications", Plan.ENTERPRISE, "Templated alerts to teams."),
    Feature("integrations.connections", Plan.PRO, "Linked connectors such as Slack or HubSpot."),
    Feature("integrations.import_jobs", Plan.PRO, "CSV and XLSX import jobs."),
    Feature("integrations.api_keys", Plan.ENTERPRISE, "Workspace-scoped API keys."),
    Feature("integrations.webhooks", Plan.ENTERPRISE, "Signed outbound webhooks."),
    Feature("integrations.logs", Plan.ENTERPRISE, "Audit of sync runs and payloads."),
    Feature("assistant.conversations", Plan.FREE, "Start assistant conversations."),
    Feature("assistant.ask", Plan.PRO, "Ask the assistant for context-rich answers."),
]
FEATURES: dict[str, Feature] = {feature.flag: feature for feature in _FEATURE_LIST}

READ_ACTIONS = ("list", "retrieve")
WRITE_ACTIONS = ("create", "update", "partial_update", "destroy")


def _resource(
    read: str, write: str | None = None, *, write_permission: str | None = None, **extra: Operation
) -> dict[str, Operation]:
    """The usual operations of a resource: reads need `read`, writes `write` (default `read`)."""
    operations = {action: Operation(read) for action in READ_ACTIONS}
    write_operation = Operation(write or read, write_permission)
    operations.update({action: write_operation for action in WRITE_ACTIONS})
    operations.update(extra)
    return operations


# Keyed by a viewset's `resource` ("<module>.<route>"), then by its action.
OPERATIONS: dict[str, dict[str, Operation]] = {
    # Catalog
    "catalog.categories": _resource(
        "catalog.browse", "catalog.manage", write_permission="catalog.manage_suppliers"
    ),
    "catalog.products": _resource(
        "catalog.browse", "catalog.manage", write_permission="catalog.manage_suppliers"
    ),
    "catalog.variants": _resource(
        "catalog.browse", "catalog.manage", write_permission="catalog.manage_suppliers"
    ),
    "catalog.suppliers": _resource(
        "catalog.browse", "catalog.manage", write_permission="catalog.manage_suppliers"
    ),
    "catalog.inventory-lots": _resource(
        "catalog.inventory",
        write_permission="catalog.manage_inventory",
        # Moving stock is a write like any other: the same plan and permission.
        move=Operation("catalog.inventory", "catalog.manage_inventory"),
        # Totals are a read of the lots, for whoever may list them.
        on_hand=Operation("catalog.inventory"),
    ),
    # The stock history is written only by movements; the API reads it.
    "catalog.stock-movements": {action: Operation("catalog.inventory") for action in READ_ACTIONS},
    "catalog.price-history": _resource("catalog.price_history"),
    # Sales
    "sales.pipelines": _resource(
        "sales.pipelines", "sales.custom_pipelines", write_permission="sales.manage_pipelines"
    ),
    "sales.companies": _resource("sales.contacts", write_permission="sales.edit_records"),
    "sales.contacts": _resource("sales.contacts", write_permission="sales.edit_records"),
    "sales.notes": _resource("sales.notes", write_permission="sales.edit_records"),
    "sales.opportunities": _resource(
        "sales.opportunities",
        write_permission="sales.edit_records",
        move=Operation("sales.opportunities", "sales.edit_records"),
        # Reading a deal's timeline is part of working deals; the activities in it show only
        # where the plan also has `sales.deal_activities`.
        timeline=Operation("sales.opportunities"),
    ),
    "sales.files": _resource(
        "sales.files", write_permission="sales.edit_records", download=Operation("sales.files")
    ),
    # Moving an order or an invoice through its statuses belongs with the orders feature.
    "sales.orders": _resource(
        "sales.orders",
        write_permission="sales.edit_records",
        confirm=Operation("sales.orders", "sales.edit_records"),
        cancel=Operation("sales.orders", "sales.edit_records"),
        fulfil=Operation("sales.orders", "sales.edit_records"),
    ),
    "sales.invoices": _resource(
        "sales.orders",
        write_permission="sales.edit_records",
        issue=Operation("sales.orders", "sales.edit_records"),
        pay=Operation("sales.orders", "sales.edit_records"),
        void=Operation("sales.orders", "sales.edit_records"),
    ),
    "sales.deal-activities": _resource(
        "sales.deal_activities", write_permission="sales.edit_records"
    ),
    # Integrations
    "integrations.api-keys": {
        action: Operation("integrations.api_keys", "integrations.manage_api_keys")
        for action in (*READ_ACTIONS, *WRITE_ACTIONS, "rotate")
    },
    "integrations.integration-connections": _resource(
        "integrations.connections",
        write_permission="integrations.manage",
        test=Operation("integrations.connections", "integrations.manage"),
        disable=Operation("integrations.connections", "integrations.manage"),
        enable=Operation("integrations.connections", "integrations.manage"),
    ),
    "integrations.import-jobs": _resource(
        "integrations.import_jobs", write_permission="integrations.manage"
    ),
    "integrations.webhook-subscriptions": _resource(
        "integrations.webhooks",
        write_permission="integrations.manage",
        rotate_secret=Operation("integrations.webhooks", "integrations.manage"),
        test=Operation("integrations.webhooks", "integrations.manage"),
    ),
    "integrations.webhook-deliveries": _resource(
        "integrations.webhooks",
        write_permission="integrations.manage",
        replay=Operation("integrations.webhooks", "integrations.manage"),
    ),
    "integrations.integration-logs": _resource("integrations.logs"),
    # The catalogue of event types is documentation for subscribers.
    "integrations.event-types": {"list": Operation("integrations.webhooks")},
}


def plan_rank(plan: str) -> int:
    return PLAN_ORDER.index(Plan(plan))


def flags_for_plan(plan: str) -> set[str]:
    """Every flag the plan has, before a workspace's own overrides."""
    rank = plan_rank(plan)
    return {flag for flag, feature in FEATURES.items() if plan_rank(feature.plan) <= rank}


def operation_for(resource: str, action: str) -> Operation | None:
    return OPERATIONS.get(resource, {}).get(action)


# Workspace API keys are confined to scopes: `<module>.read` allows safe methods in the module,
# `<module>.write` every method.
MODULES = ("catalog", "sales", "analytics", "automation", "integrations", "assistant")
SCOPES: frozenset[str] = frozenset(f"{m}.{level}" for m in MODULES for level in ("read", "write"))
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def scope_for(module: str, method: str) -> str:
    """The scope a key needs to call `method` in `module` (write also satisfies read)."""
    return f"{module}.read" if method in SAFE_METHODS else f"{module}.write"


def scopes_allow(scopes: list[str], module: str, method: str) -> bool:
    return f"{module}.write" in scopes or scope_for(module, method) in scopes
