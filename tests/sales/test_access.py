"""Who may call each sales endpoint: plan, credential, role permission, key scope, workspace.

`endpoints.ENDPOINTS` lists every endpoint once, with the lowest plan that has it and a way to
prepare a valid call in a given workspace; the tests below run each one through every gate.
"""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.plans import Plan
from accounts.roles import Role
from tests.helpers import assert_error

from .endpoints import ENDPOINTS, S

WRITES = [endpoint for endpoint in ENDPOINTS if endpoint.writes]
READS = [endpoint for endpoint in ENDPOINTS if not endpoint.writes]
ON_AN_OBJECT = [endpoint for endpoint in ENDPOINTS if endpoint.names_an_object]
BELOW = {Plan.PRO: Plan.FREE, Plan.ENTERPRISE: Plan.PRO}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_each_endpoint_answers_on_the_plan_that_has_it(make_member, endpoint):
    member = make_member(endpoint.plan, Role.OWNER)

    response = endpoint.call(member.client, member.workspace)

    assert response.status_code == endpoint.status, response.content


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.plan != Plan.FREE], ids=str)
def test_each_endpoint_is_refused_on_the_plan_below(make_member, endpoint):
    member = make_member(BELOW[endpoint.plan], Role.OWNER)

    response = endpoint.call(member.client, member.workspace)

    error = assert_error(response, 403, "feature_not_available")
    assert error["details"]["required_plan"] == endpoint.plan.value


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_each_endpoint_needs_a_credential(make_member, endpoint):
    member = make_member(Plan.ENTERPRISE, Role.OWNER)

    response = endpoint.call(APIClient(), member.workspace)

    assert_error(response, 401, "not_authenticated")


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_a_viewer_may_not_write(make_member, endpoint):
    viewer = make_member(Plan.ENTERPRISE, Role.VIEWER)

    response = endpoint.call(viewer.client, viewer.workspace)

    assert_error(response, 403, "permission_missing")


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_a_viewer_may_read(make_member, endpoint):
    viewer = make_member(Plan.ENTERPRISE, Role.VIEWER)

    response = endpoint.call(viewer.client, viewer.workspace)

    assert response.status_code == 200, response.content


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_a_read_only_key_may_not_write(make_api_key, endpoint):
    key = make_api_key(["sales.read"])

    response = endpoint.call(key.client, key.workspace)

    assert_error(response, 403, "scope_missing")


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_a_read_only_key_may_read(make_api_key, endpoint):
    key = make_api_key(["sales.read"])

    response = endpoint.call(key.client, key.workspace)

    assert response.status_code == 200, response.content


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_a_write_key_may_write(make_api_key, endpoint):
    key = make_api_key(["sales.write"])

    response = endpoint.call(key.client, key.workspace)

    assert response.status_code == endpoint.status, response.content


@pytest.mark.parametrize("endpoint", ON_AN_OBJECT, ids=str)
def test_another_workspaces_object_is_a_404(enterprise, other_workspace, endpoint):
    response = endpoint.call(enterprise.client, other_workspace.workspace)

    assert_error(response, 404, "not_found")


def test_pipelines_need_the_manage_pipelines_permission_that_members_lack(make_member):
    member = make_member(Plan.PRO, Role.MEMBER)

    created = member.client.post(f"{S}/pipelines/", {"name": "Renewals"})
    deal = member.client.post(f"{S}/opportunities/", {"name": "Allowed", "amount": "5"})

    error = assert_error(created, 403, "permission_missing")
    assert error["details"] == {"permission": "sales.manage_pipelines"}
    assert deal.status_code == 201
    assert Decimal(deal.json()["amount"]) == 5


@pytest.mark.parametrize(
    "resource",
    [
        "companies",
        "contacts",
        "pipelines",
        "opportunities",
        "notes",
        "files",
        "deal-activities",
        "orders",
        "invoices",
    ],
)
def test_each_list_also_answers_at_its_aggregated_path(enterprise, resource):
    namespaced = enterprise.client.get(f"{S}/{resource}/")
    aggregated = enterprise.client.get(f"/api/{resource}/")

    assert aggregated.status_code == 200
    assert aggregated.json() == namespaced.json()
