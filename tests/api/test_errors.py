"""The one error shape for every failure, from a parser, a view or Django, and the request id."""

import re

import pytest
from django.db import IntegrityError
from django.test import override_settings

from accounts.models import ApiKey
from accounts.views import ProfileView
from integrations.views import ApiKeyViewSet
from tests.helpers import ANY, assert_error

API_KEYS_URL = "/api/integrations/api-keys/"
PROFILE_URL = "/api/auth/profile/"


def post_raw(actor, body: bytes | str, url: str = API_KEYS_URL):
    return actor.client.generic("POST", url, body, content_type="application/json")


# --- Request bodies -------------------------------------------------------------------------


def test_malformed_json_is_a_400_malformed_request(enterprise):
    response = post_raw(enterprise, b'{"name": "Warehouse", "permissions": [')

    error = assert_error(response, 400, "malformed_request")
    assert error["message"].startswith("JSON parse error")
    assert ApiKey.objects.count() == 0


def test_malformed_json_at_login_is_the_same_400(anonymous, db):
    response = anonymous.generic(
        "POST", "/api/auth/token/", "{username", content_type="application/json"
    )

    assert_error(response, 400, "malformed_request")


def test_a_body_over_the_size_limit_is_refused_and_creates_nothing(enterprise):
    body = '{"name": "' + "x" * 600 + '", "permissions": ["sales.read"]}'

    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=512):
        response = post_raw(enterprise, body)

    error = assert_error(response, 400, "body_too_large")
    assert error["details"] == {"limit_bytes": 512}
    assert ApiKey.objects.count() == 0


def test_a_body_within_the_size_limit_is_accepted(enterprise):
    body = '{"name": "' + "x" * 100 + '", "permissions": ["sales.read"]}'

    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=512):
        response = post_raw(enterprise, body)

    assert response.status_code == 201


def test_wrong_types_are_a_400_naming_each_field(enterprise):
    response = enterprise.client.post(
        API_KEYS_URL,
        {"name": "Warehouse", "permissions": "sales.read", "expires_at": "next tuesday"},
        format="json",
    )

    error = assert_error(response, 400, "validation_error")
    assert error == {
        "status": 400,
        "code": "validation_error",
        "message": ANY,
        "request_id": ANY,
        "details": {
            "permissions": ['Expected a list of items but got type "str".'],
            "expires_at": [ANY],
        },
    }
    assert error["message"].startswith("permissions: ")
    assert ApiKey.objects.count() == 0


def test_a_body_that_is_not_an_object_is_a_400(enterprise):
    response = post_raw(enterprise, b'["sales.read"]')

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["non_field_errors"]


# --- Not found, method not allowed ----------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/integrations/nothing/", "/api/x"])
def test_an_unknown_api_path_is_a_404_in_the_error_shape(db, anonymous, path):
    error = assert_error(anonymous.get(path), 404, "not_found")

    assert error["details"] == {}


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/api/integrations/api-keys/1/nothing/"])
def test_an_unknown_api_path_is_json_even_with_debug_on(db, anonymous, path):
    with override_settings(DEBUG=True):
        response = anonymous.get(path)

    assert response["Content-Type"] == "application/json"
    assert_error(response, 404, "not_found")


def test_an_unknown_row_is_a_404_in_the_error_shape(enterprise):
    assert_error(enterprise.client.get(f"{API_KEYS_URL}999999/"), 404, "not_found")


def test_an_unsupported_method_is_a_405_in_the_error_shape(enterprise):
    response = enterprise.client.delete(PROFILE_URL)

    error = assert_error(response, 405, "method_not_allowed")
    assert error == {
        "status": 405,
        "code": "method_not_allowed",
        "message": 'Method "DELETE" not allowed.',
        "request_id": ANY,
        "details": {},
    }
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_an_unsupported_method_on_a_collection_is_a_405(enterprise):
    assert_error(enterprise.client.put(API_KEYS_URL, {}, format="json"), 405, "method_not_allowed")


# --- Request ids ----------------------------------------------------------------------------


def test_a_request_id_is_generated_when_the_client_sends_none(enterprise):
    response = enterprise.client.get(PROFILE_URL)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_two_requests_get_different_ids(enterprise):
    first = enterprise.client.get(PROFILE_URL)["X-Request-ID"]
    second = enterprise.client.get(PROFILE_URL)["X-Request-ID"]

    assert first != second


def test_a_sane_client_request_id_is_echoed_and_used_in_errors(anonymous, db):
    response = anonymous.get(PROFILE_URL, HTTP_X_REQUEST_ID="client-req.0042_abc")

    assert response["X-Request-ID"] == "client-req.0042_abc"
    assert assert_error(response, 401, "not_authenticated")["request_id"] == "client-req.0042_abc"


@pytest.mark.parametrize(
    "incoming",
    ["short", "has spaces in it", "x" * 65, "evil\\nline=forged", "<script>alert</script>"],
)
def test_a_garbage_client_request_id_is_replaced(anonymous, db, incoming):
    response = anonymous.get(PROFILE_URL, HTTP_X_REQUEST_ID=incoming)

    assert response["X-Request-ID"] != incoming
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert response.json()["error"]["request_id"] == response["X-Request-ID"]


def test_responses_outside_the_rest_framework_carry_the_request_id_too(db, anonymous):
    response = anonymous.get("/api/health/")

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    not_found = anonymous.get("/api/nothing/", HTTP_X_REQUEST_ID="abcdefgh-1234")
    assert not_found.json()["error"]["request_id"] == "abcdefgh-1234"


# --- Server failures ------------------------------------------------------------------------


class Boom(Exception):
    pass


def test_an_unexpected_exception_is_a_500_in_the_error_shape(enterprise, monkeypatch):
    def explode(self, request):
        raise Boom("the disk is on fire")

    monkeypatch.setattr(ProfileView, "get", explode)

    response = enterprise.client.get(PROFILE_URL)

    error = assert_error(response, 500, "server_error")
    assert error["details"] == {}
    assert "disk" not in response.content.decode()


def test_an_unexpected_exception_rolls_back_what_the_request_wrote(enterprise, monkeypatch):
    original = ApiKeyViewSet.create

    def create_then_fail(self, request, *args, **kwargs):
        original(self, request, *args, **kwargs)
        raise Boom("after the write")

    monkeypatch.setattr(ApiKeyViewSet, "create", create_then_fail)

    response = enterprise.client.post(
        API_KEYS_URL, {"name": "Half", "permissions": ["sales.read"]}, format="json"
    )

    assert_error(response, 500, "server_error")
    assert ApiKey.objects.count() == 0


def test_a_database_integrity_error_is_a_409_conflict(enterprise, monkeypatch):
    fixed = "scrm_key_" + "A" * 46
    monkeypatch.setattr("accounts.services.generate_secret", lambda prefix: fixed)
    body = {"name": "Twin", "permissions": ["sales.read"]}
    assert enterprise.client.post(API_KEYS_URL, body, format="json").status_code == 201

    response = enterprise.client.post(API_KEYS_URL, body, format="json")

    error = assert_error(response, 409, "conflict")
    assert error["details"] == {}
    assert ApiKey.objects.count() == 1


def test_an_integrity_error_raised_anywhere_in_a_view_is_a_409(enterprise, monkeypatch):
    def collide(self, request):
        raise IntegrityError("UNIQUE constraint failed: accounts_apikey.token_hash")

    monkeypatch.setattr(ProfileView, "get", collide)

    error = assert_error(enterprise.client.get(PROFILE_URL), 409, "conflict")
    assert "token_hash" not in error["message"]


def test_a_form_body_with_too_many_fields_is_a_400_not_a_500(db, anonymous):
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=2):
        response = anonymous.post(
            "/api/auth/token/",
            "username=a&password=b&name=c",
            content_type="application/x-www-form-urlencoded",
        )

    assert_error(response, 400, "bad_request")


def test_a_login_body_over_the_size_limit_is_the_same_400(db, anonymous):
    body = '{"username": "' + "u" * 600 + '", "password": "x"}'

    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=256):
        response = anonymous.generic(
            "POST", "/api/auth/token/", body, content_type="application/json"
        )

    assert_error(response, 400, "body_too_large")
