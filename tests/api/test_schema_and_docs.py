"""The OpenAPI schema, the Swagger UI, the health check, the admin and the demo seed."""

import io
import re

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from drf_spectacular.validation import validate_schema

from accounts.models import Membership, User, Workspace
from accounts.plans import Plan
from tests.factories import PASSWORD, UserFactory

API_KEY_PATHS = [
    "/api/integrations/api-keys/",
    "/api/integrations/api-keys/{id}/",
    "/api/integrations/api-keys/{id}/rotate/",
]
LEGACY_API_KEY_PATHS = [path.replace("/integrations", "") for path in API_KEY_PATHS]
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}
ERROR_REF = {"$ref": "#/components/schemas/Error"}


def operations(schema: dict, path: str) -> dict[str, dict]:
    return {m: op for m, op in schema["paths"][path].items() if m in HTTP_METHODS}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker) -> dict:
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


# --- Schema ---------------------------------------------------------------------------------


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "SimplyCRM API"
    validate_schema(schema)


def test_the_yaml_schema_is_the_same_document(db, anonymous, schema):
    response = anonymous.get("/api/schema/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content) == schema


def test_the_schema_needs_no_credential(db, anonymous):
    assert anonymous.get("/api/schema/", {"format": "json"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "method", "scope"),
    [
        ("/api/integrations/api-keys/", "get", "integrations.read"),
        ("/api/integrations/api-keys/", "post", "integrations.write"),
        ("/api/integrations/api-keys/{id}/", "get", "integrations.read"),
        ("/api/integrations/api-keys/{id}/", "patch", "integrations.write"),
        ("/api/integrations/api-keys/{id}/", "delete", "integrations.write"),
        ("/api/integrations/api-keys/{id}/rotate/", "post", "integrations.write"),
    ],
)
def test_each_api_key_operation_states_plan_flag_scope_and_permission(schema, path, method, scope):
    operation = schema["paths"][path][method]

    assert operation["x-plan"] == "enterprise"
    assert operation["x-feature-flag"] == "integrations.api_keys"
    assert operation["x-key-scope"] == scope
    assert operation["x-role-permission"] == "integrations.manage_api_keys"
    assert "**Plan:** Enterprise" in operation["description"]
    assert operation["tags"] == ["integrations"]
    assert not operation.get("deprecated", False)


def test_put_is_not_documented_for_api_keys(schema):
    assert "put" not in schema["paths"]["/api/integrations/api-keys/{id}/"]


def test_the_aggregated_api_key_paths_are_deprecated_copies(schema):
    for modern, legacy in zip(API_KEY_PATHS, LEGACY_API_KEY_PATHS, strict=True):
        legacy_ops = operations(schema, legacy)
        assert set(legacy_ops) == set(operations(schema, modern))
        for method, operation in legacy_ops.items():
            assert operation["deprecated"] is True, (legacy, method)
            assert operation["operationId"].startswith("legacy_")
            assert operation["x-feature-flag"] == "integrations.api_keys"


def test_operation_ids_are_unique(schema):
    ids = [
        op["operationId"] for path in schema["paths"] for op in operations(schema, path).values()
    ]

    assert len(ids) == len(set(ids))


def test_errors_share_one_error_component(schema):
    components = schema["components"]["schemas"]
    assert components["Error"]["properties"] == {
        "error": {"$ref": "#/components/schemas/ErrorDetail"}
    }
    assert set(components["ErrorDetail"]["properties"]) == {
        "status",
        "code",
        "message",
        "request_id",
        "details",
    }

    for path in [*API_KEY_PATHS, "/api/auth/profile/"]:
        for method, operation in operations(schema, path).items():
            for status in ("401", "403", "429"):
                content = operation["responses"][status]["content"]
                assert content == {"application/json": {"schema": ERROR_REF}}, (path, method)


def test_the_token_scheme_is_declared(schema):
    scheme = schema["components"]["securitySchemes"]["TokenAuth"]

    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert "security" not in schema
    assert schema["paths"]["/api/auth/profile/"]["get"]["security"] == [{"TokenAuth": []}]
    assert "security" not in schema["paths"]["/api/auth/token/"]["post"]
    assert "security" not in schema["paths"]["/api/health/"]["get"]


# --- Swagger UI -----------------------------------------------------------------------------


def test_the_docs_page_is_html_that_loads_nothing_from_a_cdn(db, anonymous):
    response = anonymous.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "swagger-ui" in page
    for marker in ("cdn.", "unpkg", "jsdelivr", "cdnjs", "googleapis"):
        assert marker not in page
    assert "/api/schema/" in page


def test_the_docs_page_assets_are_served_by_the_app(db, anonymous):
    page = anonymous.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)

    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        response = anonymous.get(asset)
        assert response.status_code == 200, asset
        b"".join(response.streaming_content if response.streaming else [response.content])


# --- Health and admin -----------------------------------------------------------------------


def test_the_health_check_answers_without_a_credential(db, anonymous):
    response = anonymous.get("/api/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_the_health_check_reports_a_failing_cache_as_503(db, anonymous, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("accounts.views.cache.set", broken)

    response = anonymous.get("/api/health/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "cache": "error: ConnectionError",
    }


def test_the_admin_login_page_renders(db, client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_the_admin_sends_strangers_to_its_login_page(db, client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_staff_user_can_open_the_admin(db, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert client.login(username=admin.username, password=PASSWORD)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/workspace/").status_code == 200


# --- Demo seed ------------------------------------------------------------------------------


def _row_counts() -> dict[str, int]:
    """Rows of every model whose table exists (a module may be ahead of its migrations)."""
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.db_table in tables
    }


@override_settings(DEBUG=True)
def test_the_demo_seed_creates_the_three_workspaces_and_an_admin(db):
    call_command("seed_demo", stdout=io.StringIO())

    expected = {"demo": ("acme", Plan.ENTERPRISE), "pro": ("bluebird", Plan.PRO)}
    expected["free"] = ("corner-shop", Plan.FREE)
    for username, (slug, plan) in expected.items():
        membership = Membership.objects.select_related("user", "workspace").get(
            user__username=username
        )
        assert (membership.workspace.slug, membership.workspace.plan) == (slug, plan)
        assert membership.role == "owner"
        assert membership.user.check_password("secret")
        assert not membership.user.is_staff
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert admin.check_password("admin")
    assert admin.memberships.count() == 0


@override_settings(DEBUG=True)
def test_the_demo_seed_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = _row_counts()

    call_command("seed_demo", stdout=io.StringIO())

    assert _row_counts() == first
    assert Workspace.objects.count() == 3


def test_the_demo_seed_refuses_to_run_with_debug_off(db):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=io.StringIO())

    assert User.objects.count() == 0
    assert Workspace.objects.count() == 0


def test_the_demo_seed_runs_with_debug_off_when_forced(db):
    call_command("seed_demo", "--force", stdout=io.StringIO())

    assert set(Workspace.objects.values_list("slug", flat=True)) == {
        "acme",
        "bluebird",
        "corner-shop",
    }


def test_demo_users_can_sign_in(db, anonymous):
    call_command("seed_demo", "--force", stdout=io.StringIO())

    response = anonymous.post("/api/auth/token/", {"username": "pro", "password": "secret"})

    assert response.status_code == 200
    assert response.json()["profile"]["workspace"]["plan"] == "pro"
