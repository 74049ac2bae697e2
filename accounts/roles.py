"""Workspace roles and the permissions each one holds.

A permission is named `<module>.<verb>`; `accounts.plans.OPERATIONS` says which operation needs
which. Workspace API keys are not members and hold no role: their scopes confine them instead.
"""

from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer"


PERMISSIONS: dict[str, str] = {
    "accounts.manage_members": "Invite, remove and change the role of workspace members.",
    "catalog.manage_suppliers": "Create and change products, variants, categories and suppliers.",
    "catalog.manage_inventory": "Receive, move and adjust stock in inventory lots.",
    "sales.edit_records": "Create and change companies, contacts, deals, notes and orders.",
    "sales.manage_pipelines": "Create and change pipelines and their stages.",
    "analytics.edit": "Create and change dashboards and reports.",
    "analytics.train_models": "Start model training runs.",
    "automation.manage": "Create and change campaigns, rules and notifications.",
    "integrations.manage": "Manage connectors, imports and webhook subscriptions.",
    "integrations.manage_api_keys": "Create, rotate and revoke workspace API keys.",
    "assistant.use": "Hold conversations with the assistant.",
}

_MEMBER_PERMISSIONS = {
    "catalog.manage_inventory",
    "sales.edit_records",
    "analytics.edit",
    "assistant.use",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset(PERMISSIONS),
    Role.ADMIN: frozenset(PERMISSIONS),
    Role.MEMBER: frozenset(_MEMBER_PERMISSIONS),
    Role.VIEWER: frozenset({"assistant.use"}),
}

# Keys are not members: their scopes confine them. They may not mint or manage credentials or
# members, so a leaked key can never widen its own reach.
API_KEY_PERMISSIONS: frozenset[str] = frozenset(PERMISSIONS) - {
    "accounts.manage_members",
    "integrations.manage_api_keys",
}
