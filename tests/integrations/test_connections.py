"""Integration connections (Pro to read) and the integration logs (Enterprise)."""

import pytest
from django.db import connection as db_connection

from accounts.plans import Plan
from integrations.models import IntegrationConnection, IntegrationLog
from tests.helpers import ANY, assert_constant_list_queries, assert_error

URL = "/api/integrations/integration-connections/"
LOGS = "/api/integrations/integration-logs/"


def create(actor, **overrides):
    body = {"kind": "slack", "name": "Sales alerts", "credentials": {"bot_token": "xoxb-secret"}}
    return actor.client.post(URL, {**body, **overrides}, format="json")


def test_a_connection_is_created_and_its_credentials_never_come_back(pro):
    response = create(pro)

    assert response.status_code == 201
    assert response.json() == {
        "id": ANY,
        "kind": "slack",
        "name": "Sales alerts",
        "status": "active",
        "settings": {},
        "has_credentials": True,
        "last_tested_at": None,
        "last_error": "",
        "created_at": ANY,
        "updated_at": ANY,
    }
    assert "xoxb-secret" not in pro.client.get(URL).content.decode()
    assert "xoxb-secret" not in pro.client.get(f"{URL}{response.json()['id']}/").content.decode()


def test_credentials_are_encrypted_at_rest(pro):
    connection_id = create(pro).json()["id"]

    with db_connection.cursor() as cursor:
        cursor.execute(
            "SELECT credentials FROM integrations_integrationconnection WHERE id = %s",
            [connection_id],
        )
        stored = cursor.fetchone()[0]

    assert "xoxb-secret" not in stored
    assert IntegrationConnection.objects.get().credentials == {"bot_token": "xoxb-secret"}


def test_free_cannot_read_connections(free):
    error = assert_error(free.client.get(URL), 403, "feature_not_available")
    assert error["details"]["required_plan"] == "pro"


def test_missing_or_unknown_credentials_are_a_400(pro):
    missing = create(pro, credentials={})
    unknown = create(pro, credentials={"bot_token": "x", "password": "y"})

    assert list(assert_error(missing, 400, "validation_error")["details"]) == ["credentials"]
    assert list(assert_error(unknown, 400, "validation_error")["details"]) == ["credentials"]
    assert IntegrationConnection.objects.count() == 0


def test_an_internal_api_base_url_is_refused(pro):
    response = create(pro, settings={"api_base_url": "http://169.254.169.254/"})

    assert list(assert_error(response, 400, "validation_error")["details"]) == ["settings"]


def test_a_viewer_can_read_but_not_create(make_member):
    viewer = make_member(Plan.PRO, role="viewer")

    assert viewer.client.get(URL).status_code == 200
    assert_error(create(viewer), 403, "permission_missing")


def test_testing_a_connection_records_the_outcome_and_a_log(pro, receiver):
    connection_id = create(pro, settings={"api_base_url": receiver.url}).json()["id"]

    response = pro.client.post(f"{URL}{connection_id}/test/")

    assert response.status_code == 200
    assert response.json()["status"] == "succeeded"
    assert receiver.requests[0].path == "/hooks/auth.test"
    assert receiver.requests[0].headers["Authorization"] == "Bearer xoxb-secret"
    connection = IntegrationConnection.objects.get()
    assert connection.status == "active" and connection.last_tested_at is not None


def test_a_failing_test_marks_the_connection_in_error(pro, receiver):
    receiver.default_status = 401
    connection_id = create(pro, settings={"api_base_url": receiver.url}).json()["id"]

    pro.client.post(f"{URL}{connection_id}/test/")

    body = pro.client.get(f"{URL}{connection_id}/").json()
    assert body["status"] == "error" and body["last_error"] == "HTTP 401"


def test_a_connection_can_be_disabled_and_enabled(pro):
    connection_id = create(pro).json()["id"]

    disabled = pro.client.post(f"{URL}{connection_id}/disable/").json()
    enabled = pro.client.post(f"{URL}{connection_id}/enable/").json()

    assert (disabled["status"], enabled["status"]) == ("disabled", "active")


def test_another_workspaces_connection_is_404(pro, make_member):
    theirs = create(make_member(Plan.PRO)).json()["id"]

    assert_error(pro.client.get(f"{URL}{theirs}/"), 404, "not_found")
    assert_error(pro.client.post(f"{URL}{theirs}/test/"), 404, "not_found")
    assert_error(pro.client.delete(f"{URL}{theirs}/"), 404, "not_found")
    assert pro.client.get(URL).json()["results"] == []


def test_the_connection_list_has_a_fixed_query_count(pro):
    assert_constant_list_queries(
        pro.client, URL, lambda count: [create(pro, name=f"c{n}") for n in range(count)]
    )


# --- Logs -------------------------------------------------------------------------------------


@pytest.fixture
def tested(enterprise, receiver):
    connection_id = create(enterprise, settings={"api_base_url": receiver.url}).json()["id"]
    enterprise.client.post(f"{URL}{connection_id}/test/")
    return connection_id


def test_logs_are_enterprise_only(pro):
    error = assert_error(pro.client.get(LOGS), 403, "feature_not_available")
    assert error["details"]["required_plan"] == "enterprise"


def test_logs_list_what_happened_and_filter_by_kind_and_connection(enterprise, tested):
    rows = enterprise.client.get(LOGS, {"kind": "connection_test"}).json()["results"]

    assert len(rows) == 1
    assert rows[0] == {
        "id": ANY,
        "kind": "connection_test",
        "status": "succeeded",
        "subscription": None,
        "delivery": None,
        "connection": tested,
        "import_job": None,
        "target": "Slack",
        "request_payload": None,
        "response_code": 200,
        "response_excerpt": '{"ok": true}',
        "error": "",
        "duration_ms": ANY,
        "created_at": ANY,
    }
    assert enterprise.client.get(LOGS, {"kind": "import"}).json()["results"] == []
    assert enterprise.client.get(LOGS, {"connection": tested}).json()["results"] == rows


def test_logs_of_another_workspace_are_invisible(enterprise, other_workspace, receiver):
    connection_id = create(other_workspace, settings={"api_base_url": receiver.url}).json()["id"]
    other_workspace.client.post(f"{URL}{connection_id}/test/")
    theirs = IntegrationLog.objects.get()

    assert enterprise.client.get(LOGS).json()["results"] == []
    assert_error(enterprise.client.get(f"{LOGS}{theirs.pk}/"), 404, "not_found")


def test_the_log_list_has_a_fixed_query_count(enterprise, receiver):
    connection_id = create(enterprise, settings={"api_base_url": receiver.url}).json()["id"]

    def add(count):
        for _ in range(count):
            enterprise.client.post(f"{URL}{connection_id}/test/")

    assert_constant_list_queries(enterprise.client, LOGS, add)
