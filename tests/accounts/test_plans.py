"""accounts.plans: the table of plans, flags and operations, and the scopes of workspace keys."""

import pytest
from django.urls import get_resolver

from accounts.plans import (
    FEATURES,
    OPERATIONS,
    SCOPES,
    Plan,
    flags_for_plan,
    operation_for,
    scope_for,
    scopes_allow,
)
from accounts.roles import API_KEY_PERMISSIONS, PERMISSIONS, ROLE_PERMISSIONS, Role
from simplycrm.api.routers import registered_resources

STANDARD_ACTIONS = ("list", "retrieve", "create", "update", "partial_update", "destroy")


def _actions_of(viewset: type) -> set[str]:
    """Every action a viewset can route: the standard ones it defines and its extra actions."""
    actions = {name for name in STANDARD_ACTIONS if hasattr(viewset, name)}
    return actions | {extra.__name__ for extra in viewset.get_extra_actions()}


def _registered():
    get_resolver().url_patterns  # noqa: B018 (loading the URLs registers every module's routes)
    return registered_resources()


def test_the_api_keys_resource_is_registered():
    registry = _registered()

    assert registry["api-keys"][0] == "integrations"
    assert registry["api-keys"][1].resource == "integrations.api-keys"
    assert _actions_of(registry["api-keys"][1]) == {*STANDARD_ACTIONS, "rotate"}


def test_every_action_of_every_registered_viewset_has_an_operation():
    missing = [
        f"{viewset.resource}.{action}"
        for _module, viewset, _basename in _registered().values()
        for action in sorted(_actions_of(viewset))
        if operation_for(viewset.resource, action) is None
    ]

    assert missing == []


def test_every_operation_needs_a_known_flag_and_a_known_permission():
    unknown_flags = sorted(
        {op.flag for ops in OPERATIONS.values() for op in ops.values()} - set(FEATURES)
    )
    unknown_permissions = sorted(
        {op.permission for ops in OPERATIONS.values() for op in ops.values() if op.permission}
        - set(PERMISSIONS)
    )

    assert unknown_flags == []
    assert unknown_permissions == []


def test_every_resource_is_named_module_dot_route_after_a_known_module():
    modules = {scope.split(".")[0] for scope in SCOPES}

    assert {resource.split(".", 1)[0] for resource in OPERATIONS} <= modules


def _needs(resource: str, action: str) -> tuple[Plan, str | None]:
    operation = operation_for(resource, action)
    assert operation is not None, f"{resource}.{action} is not in OPERATIONS"
    return FEATURES[operation.flag].plan, operation.permission


@pytest.mark.parametrize(
    ("resource", "action", "plan"),
    [
        ("catalog.products", "list", Plan.FREE),
        ("catalog.products", "create", Plan.PRO),
        ("catalog.categories", "list", Plan.FREE),
        ("catalog.price-history", "list", Plan.ENTERPRISE),
        ("catalog.inventory-lots", "create", Plan.ENTERPRISE),
        ("sales.pipelines", "list", Plan.FREE),
        ("sales.notes", "list", Plan.FREE),
        ("sales.opportunities", "create", Plan.PRO),
        ("sales.orders", "list", Plan.PRO),
        ("sales.deal-activities", "create", Plan.ENTERPRISE),
        ("integrations.integration-connections", "list", Plan.PRO),
        ("integrations.import-jobs", "create", Plan.PRO),
        ("integrations.api-keys", "create", Plan.ENTERPRISE),
        ("integrations.webhook-subscriptions", "create", Plan.ENTERPRISE),
        ("integrations.integration-logs", "list", Plan.ENTERPRISE),
    ],
)
def test_the_table_places_each_operation_of_the_guide_on_its_plan(resource, action, plan):
    assert _needs(resource, action)[0] == plan


def test_creating_products_needs_the_manage_suppliers_permission():
    assert _needs("catalog.products", "create") == (Plan.PRO, "catalog.manage_suppliers")


def test_managing_api_keys_needs_a_permission_no_key_holds():
    for action in ("list", "retrieve", "create", "partial_update", "destroy", "rotate"):
        assert _needs("integrations.api-keys", action) == (
            Plan.ENTERPRISE,
            "integrations.manage_api_keys",
        )
    assert "integrations.manage_api_keys" not in API_KEY_PERMISSIONS
    assert "integrations.manage_api_keys" in ROLE_PERMISSIONS[Role.ADMIN]
    assert "integrations.manage_api_keys" not in ROLE_PERMISSIONS[Role.MEMBER]


def test_each_plan_has_the_flags_of_the_cheaper_ones_and_more():
    free, pro, enterprise = (
        flags_for_plan(plan) for plan in (Plan.FREE, Plan.PRO, Plan.ENTERPRISE)
    )

    assert free < pro < enterprise
    assert "catalog.browse" in free
    assert "sales.opportunities" in pro - free
    assert "integrations.api_keys" in enterprise - pro


def test_flags_of_a_plan_are_those_placed_on_it_or_a_cheaper_one():
    assert flags_for_plan(Plan.FREE) == {
        flag for flag, feature in FEATURES.items() if feature.plan == Plan.FREE
    }
    assert flags_for_plan(Plan.ENTERPRISE) == set(FEATURES)


def test_an_unknown_resource_or_action_has_no_operation():
    assert operation_for("catalog.nothing", "list") is None
    assert operation_for("integrations.api-keys", "explode") is None


@pytest.mark.parametrize(
    ("scopes", "method", "allowed"),
    [
        (["sales.read"], "GET", True),
        (["sales.read"], "HEAD", True),
        (["sales.read"], "OPTIONS", True),
        (["sales.read"], "POST", False),
        (["sales.read"], "DELETE", False),
        (["sales.write"], "GET", True),
        (["sales.write"], "PATCH", True),
        (["catalog.write"], "GET", False),
        ([], "GET", False),
    ],
)
def test_a_write_scope_implies_read_but_a_read_scope_never_writes(scopes, method, allowed):
    assert scopes_allow(scopes, "sales", method) is allowed


def test_the_scope_a_method_needs():
    assert scope_for("sales", "GET") == "sales.read"
    assert scope_for("sales", "PUT") == "sales.write"
    assert {"catalog.read", "integrations.write", "assistant.read"} <= SCOPES
    assert len(SCOPES) == 12
