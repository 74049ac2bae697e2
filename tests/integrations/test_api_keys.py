"""/api/integrations/api-keys/: minting, scoping, revoking and rotating workspace API keys."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiKey
from accounts.permissions import require_scope
from accounts.plans import Plan
from accounts.roles import Role
from accounts.services import api_key_create
from accounts.tokens import API_KEY_PREFIX, hash_secret, is_well_formed
from simplycrm.api.errors import ScopeMissing
from tests.factories import UserFactory
from tests.helpers import ANY, assert_constant_list_queries, assert_error

URL = "/api/integrations/api-keys/"
LEGACY_URL = "/api/api-keys/"
PROFILE_URL = "/api/auth/profile/"


def detail_url(api_key: ApiKey, base: str = URL) -> str:
    return f"{base}{api_key.pk}/"


def rotate_url(api_key: ApiKey, base: str = URL) -> str:
    return f"{base}{api_key.pk}/rotate/"


def client_for(secret: str, keyword: str = "Token") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client


def create_key(actor, **body):
    body = {"name": "Data warehouse", "permissions": ["sales.read", "catalog.write"], **body}
    return actor.client.post(URL, body, format="json")


@pytest.fixture
def existing_key(enterprise):
    api_key, secret = api_key_create(
        workspace=enterprise.workspace,
        name="Warehouse",
        scopes=["sales.read"],
        created_by=enterprise.membership.user,
    )
    return api_key, secret


# --- Create ---------------------------------------------------------------------------------


def test_create_on_enterprise_returns_the_key_once(enterprise):
    response = create_key(enterprise)

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": ANY,
        "name": "Data warehouse",
        "prefix": body["key"][:13],
        "permissions": ["catalog.write", "sales.read"],
        "is_active": True,
        "created_by": enterprise.membership.user.username,
        "created_at": ANY,
        "updated_at": ANY,
        "last_used_at": None,
        "expires_at": None,
        "revoked_at": None,
        "key": ANY,
    }
    assert body["key"].startswith(API_KEY_PREFIX)
    assert is_well_formed(body["key"], API_KEY_PREFIX)
    api_key = ApiKey.objects.get(pk=body["id"])
    assert api_key.workspace == enterprise.workspace
    assert api_key.token_hash == hash_secret(body["key"])
    assert body["key"] not in {api_key.token_hash, api_key.prefix}


def test_list_and_retrieve_never_show_the_key(enterprise):
    created = create_key(enterprise).json()
    secret = created.pop("key")

    listed = enterprise.client.get(URL)
    retrieved = enterprise.client.get(f"{URL}{created['id']}/")

    assert listed.status_code == 200
    assert listed.json() == {"next": None, "previous": None, "results": [created]}
    assert retrieved.status_code == 200
    assert retrieved.json() == created
    assert secret not in listed.content.decode() + retrieved.content.decode()


def test_an_admin_may_manage_keys_too(make_member):
    admin = make_member(role=Role.ADMIN)

    assert create_key(admin).status_code == 201


@pytest.mark.parametrize("plan", [Plan.PRO, Plan.FREE])
def test_below_enterprise_keys_are_a_feature_not_available(make_member, plan):
    actor = make_member(plan=plan)

    for response in (create_key(actor), actor.client.get(URL)):
        error = assert_error(response, 403, "feature_not_available")
        assert error["details"] == {
            "flag": "integrations.api_keys",
            "required_plan": "enterprise",
            "plan": plan.value,
        }
    assert ApiKey.objects.count() == 0


def test_without_a_credential_keys_are_a_401(anonymous, existing_key):
    api_key, _secret = existing_key

    assert_error(anonymous.get(URL), 401, "not_authenticated")
    assert_error(
        anonymous.post(URL, {"name": "x", "permissions": ["sales.read"]}), 401, "not_authenticated"
    )
    assert_error(anonymous.delete(detail_url(api_key)), 401, "not_authenticated")
    assert_error(anonymous.post(rotate_url(api_key)), 401, "not_authenticated")
    api_key.refresh_from_db()
    assert api_key.revoked_at is None


@pytest.mark.parametrize("role", [Role.MEMBER, Role.VIEWER])
def test_a_member_or_viewer_may_not_manage_keys(make_member, role):
    actor = make_member(role=role)

    for response in (create_key(actor), actor.client.get(URL)):
        error = assert_error(response, 403, "permission_missing")
        assert error["details"] == {"permission": "integrations.manage_api_keys"}
        assert role.value in error["message"]
    assert ApiKey.objects.count() == 0


def test_an_unknown_scope_is_a_400_naming_permissions_and_creates_nothing(enterprise):
    response = create_key(enterprise, permissions=["sales.read", "billing.read"])

    error = assert_error(response, 400, "validation_error")
    assert error["details"] == {
        "permissions": [
            "Unknown scope 'billing.read'; scopes read <module>.read or <module>.write."
        ]
    }
    assert ApiKey.objects.count() == 0


def test_empty_permissions_are_a_400(enterprise):
    error = assert_error(create_key(enterprise, permissions=[]), 400, "validation_error")

    assert error["details"] == {"permissions": ["This list may not be empty."]}
    assert ApiKey.objects.count() == 0


def test_an_unknown_body_field_is_a_400(enterprise):
    error = assert_error(create_key(enterprise, scopes=["sales.read"]), 400, "validation_error")

    assert error["details"] == {"scopes": ["Unknown field."]}
    assert ApiKey.objects.count() == 0


def test_a_name_is_required(enterprise):
    response = enterprise.client.post(URL, {"permissions": ["sales.read"]}, format="json")

    error = assert_error(response, 400, "validation_error")
    assert error["details"] == {"name": ["This field is required."]}


def test_duplicate_scopes_are_stored_once_and_sorted(enterprise):
    response = create_key(enterprise, permissions=["sales.write", "catalog.read", "sales.write"])

    assert response.json()["permissions"] == ["catalog.read", "sales.write"]


# --- Using a key ----------------------------------------------------------------------------


@pytest.mark.parametrize("keyword", ["Token", "Bearer"])
def test_a_key_works_exactly_like_a_personal_token(enterprise, keyword):
    secret = create_key(enterprise, permissions=["sales.read"]).json()["key"]

    response = client_for(secret, keyword).get(PROFILE_URL)

    assert response.status_code == 200
    body = response.json()
    assert body["workspace"]["id"] == enterprise.workspace.pk
    assert body["credential"]["kind"] == "api_key"
    assert body["credential"]["scopes"] == ["sales.read"]


def test_use_of_a_key_records_its_last_used_time(existing_key):
    api_key, secret = existing_key

    client_for(secret).get(PROFILE_URL)

    api_key.refresh_from_db()
    assert api_key.last_used_at is not None


def test_a_key_with_integrations_read_may_not_list_keys(make_api_key):
    key = make_api_key(["integrations.read"])

    error = assert_error(key.client.get(URL), 403, "permission_missing")

    assert error["details"] == {"permission": "integrations.manage_api_keys"}
    assert "API keys cannot" in error["message"]


def test_a_key_with_integrations_write_may_not_mint_rotate_or_revoke_keys(make_api_key):
    key = make_api_key(["integrations.write"])

    responses = [
        key.client.get(URL),
        create_key(key),
        key.client.post(rotate_url(key.credential)),
        key.client.delete(detail_url(key.credential)),
    ]

    for response in responses:
        error = assert_error(response, 403, "permission_missing")
        assert error["details"] == {"permission": "integrations.manage_api_keys"}
    key.credential.refresh_from_db()
    assert ApiKey.objects.count() == 1
    assert key.credential.token_hash == hash_secret(key.secret)
    assert key.credential.revoked_at is None


def test_a_key_without_the_modules_scope_gets_scope_missing(make_api_key):
    key = make_api_key(["catalog.read"])

    error = assert_error(key.client.get(URL), 403, "scope_missing")

    assert error["details"] == {"scope": "integrations.read", "scopes": ["catalog.read"]}


def test_a_read_scope_is_refused_a_write_before_its_permission_is_checked(make_api_key):
    key = make_api_key(["integrations.read"])

    error = assert_error(key.client.delete(detail_url(key.credential)), 403, "scope_missing")

    assert error["details"] == {"scope": "integrations.write", "scopes": ["integrations.read"]}
    key.credential.refresh_from_db()
    assert key.credential.revoked_at is None


def test_require_scope_lets_a_key_through_only_within_its_scopes(enterprise):
    key = ApiKey(workspace=enterprise.workspace, scopes=["sales.read", "catalog.write"])

    require_scope(key, "sales", "GET")
    require_scope(key, "catalog", "GET")
    require_scope(key, "catalog", "DELETE")
    with pytest.raises(ScopeMissing) as refused:
        require_scope(key, "sales", "POST")

    assert refused.value.details == {
        "scope": "sales.write",
        "scopes": ["sales.read", "catalog.write"],
    }
    with pytest.raises(ScopeMissing):
        require_scope(key, "analytics", "GET")


def test_require_scope_never_confines_a_personal_token(enterprise):
    require_scope(enterprise.credential, "sales", "POST")
    require_scope(enterprise.credential, "analytics", "DELETE")


def test_an_expired_key_is_a_401(existing_key):
    api_key, secret = existing_key
    api_key.expires_at = timezone.now() - timedelta(minutes=1)
    api_key.save()

    assert_error(client_for(secret).get(PROFILE_URL), 401, "token_expired")


def test_a_key_may_be_created_with_an_expiry(enterprise):
    expires_at = (timezone.now() + timedelta(days=7)).isoformat().replace("+00:00", "Z")

    body = create_key(enterprise, expires_at=expires_at).json()

    assert body["expires_at"] == expires_at
    assert client_for(body["key"]).get(PROFILE_URL).status_code == 200


# --- Revoke, rotate, update -----------------------------------------------------------------


def test_delete_revokes_the_key_which_stays_listed(enterprise, existing_key):
    api_key, secret = existing_key

    response = enterprise.client.delete(detail_url(api_key))

    assert response.status_code == 204
    assert_error(client_for(secret).get(PROFILE_URL), 401, "token_revoked")
    listed = enterprise.client.get(URL).json()["results"]
    assert listed == [
        {
            "id": api_key.pk,
            "name": "Warehouse",
            "prefix": api_key.prefix,
            "permissions": ["sales.read"],
            "is_active": False,
            "created_by": enterprise.membership.user.username,
            "created_at": ANY,
            "updated_at": ANY,
            "last_used_at": None,
            "expires_at": None,
            "revoked_at": ANY,
        }
    ]
    assert listed[0]["revoked_at"] is not None


def test_is_active_filters_revoked_and_expired_keys(enterprise, existing_key):
    revoked, _secret = existing_key
    active = create_key(enterprise).json()
    expired, _ = api_key_create(
        workspace=enterprise.workspace,
        name="Old",
        scopes=["sales.read"],
        created_by=None,
        expires_at=timezone.now() - timedelta(days=1),
    )
    enterprise.client.delete(detail_url(revoked))

    inactive_ids = [
        k["id"] for k in enterprise.client.get(URL, {"is_active": "false"}).json()["results"]
    ]
    active_ids = [
        k["id"] for k in enterprise.client.get(URL, {"is_active": "true"}).json()["results"]
    ]

    assert sorted(inactive_ids) == sorted([revoked.pk, expired.pk])
    assert active_ids == [active["id"]]


def test_revoking_twice_keeps_the_first_revocation_time(enterprise, existing_key):
    api_key, _secret = existing_key
    enterprise.client.delete(detail_url(api_key))
    api_key.refresh_from_db()
    first = api_key.revoked_at

    assert enterprise.client.delete(detail_url(api_key)).status_code == 204

    api_key.refresh_from_db()
    assert api_key.revoked_at == first


def test_rotate_returns_a_new_key_and_the_old_one_stops_at_once(enterprise, existing_key):
    api_key, old_secret = existing_key
    assert client_for(old_secret).get(PROFILE_URL).status_code == 200

    response = enterprise.client.post(rotate_url(api_key))

    assert response.status_code == 200
    body = response.json()
    new_secret = body["key"]
    assert is_well_formed(new_secret, API_KEY_PREFIX)
    assert new_secret != old_secret
    assert body == {
        "id": api_key.pk,
        "name": "Warehouse",
        "prefix": new_secret[:13],
        "permissions": ["sales.read"],
        "is_active": True,
        "created_by": enterprise.membership.user.username,
        "created_at": ANY,
        "updated_at": ANY,
        "last_used_at": None,
        "expires_at": None,
        "revoked_at": None,
        "key": new_secret,
    }
    assert_error(client_for(old_secret).get(PROFILE_URL), 401, "invalid_token")
    assert client_for(new_secret).get(PROFILE_URL).status_code == 200
    assert new_secret not in enterprise.client.get(detail_url(api_key)).content.decode()


def test_rotating_a_revoked_key_is_a_409(enterprise, existing_key):
    api_key, secret = existing_key
    enterprise.client.delete(detail_url(api_key))

    assert_error(enterprise.client.post(rotate_url(api_key)), 409, "conflict")

    api_key.refresh_from_db()
    assert api_key.token_hash == hash_secret(secret)


def test_patch_changes_the_name_and_the_permissions(enterprise, existing_key):
    api_key, secret = existing_key

    response = enterprise.client.patch(
        detail_url(api_key),
        {"name": "Renamed", "permissions": ["sales.write", "analytics.read"]},
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {
        "id": api_key.pk,
        "name": "Renamed",
        "prefix": api_key.prefix,
        "permissions": ["analytics.read", "sales.write"],
        "is_active": True,
        "created_by": enterprise.membership.user.username,
        "created_at": ANY,
        "updated_at": ANY,
        "last_used_at": None,
        "expires_at": None,
        "revoked_at": None,
    }
    api_key.refresh_from_db()
    assert api_key.scopes == ["analytics.read", "sales.write"]
    assert api_key.token_hash == hash_secret(secret)


def test_patch_with_an_unknown_scope_is_a_400_and_changes_nothing(enterprise, existing_key):
    api_key, _secret = existing_key

    response = enterprise.client.patch(
        detail_url(api_key), {"name": "Renamed", "permissions": ["sales.admin"]}, format="json"
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["permissions"]
    api_key.refresh_from_db()
    assert (api_key.name, api_key.scopes) == ("Warehouse", ["sales.read"])


def test_put_is_not_allowed(enterprise, existing_key):
    api_key, _secret = existing_key

    response = enterprise.client.put(
        detail_url(api_key), {"name": "x", "permissions": ["sales.read"]}, format="json"
    )

    assert_error(response, 405, "method_not_allowed")


# --- Other workspaces -----------------------------------------------------------------------


@pytest.fixture
def foreign_key(other_workspace):
    api_key, _secret = api_key_create(
        workspace=other_workspace.workspace,
        name="Theirs",
        scopes=["sales.read"],
        created_by=other_workspace.membership.user,
    )
    return api_key


def test_another_workspaces_key_is_never_listed(enterprise, existing_key, foreign_key):
    ids = [k["id"] for k in enterprise.client.get(URL).json()["results"]]

    assert ids == [existing_key[0].pk]


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", detail_url, None),
        ("patch", detail_url, {"name": "Mine now", "permissions": ["sales.write"]}),
        ("delete", detail_url, None),
        ("post", rotate_url, None),
    ],
)
def test_another_workspaces_key_is_a_404_and_stays_as_it_was(
    enterprise, foreign_key, method, url, body
):
    before = ApiKey.objects.values().get(pk=foreign_key.pk)

    response = getattr(enterprise.client, method)(url(foreign_key), body, format="json")

    assert_error(response, 404, "not_found")
    assert ApiKey.objects.values().get(pk=foreign_key.pk) == before


# --- Query budget and the aggregated path ---------------------------------------------------


def test_the_list_costs_the_same_queries_however_many_keys(enterprise):
    creator = UserFactory()

    def add_rows(count: int) -> None:
        for n in range(count):
            api_key_create(
                workspace=enterprise.workspace,
                name=f"key {n}",
                scopes=["sales.read"],
                created_by=creator,
            )

    assert_constant_list_queries(enterprise.client, URL, add_rows)


def test_the_deprecated_aggregated_path_behaves_the_same(enterprise, pro, foreign_key):
    created = enterprise.client.post(
        LEGACY_URL, {"name": "Legacy", "permissions": ["sales.read"]}, format="json"
    )
    assert created.status_code == 201
    api_key = ApiKey.objects.get(pk=created.json()["id"])

    listed = enterprise.client.get(LEGACY_URL).json()["results"]
    assert [k["id"] for k in listed] == [api_key.pk]
    assert "key" not in listed[0]
    assert enterprise.client.get(detail_url(api_key, LEGACY_URL)).json()["name"] == "Legacy"
    assert enterprise.client.post(rotate_url(api_key, LEGACY_URL)).status_code == 200
    assert_error(enterprise.client.get(detail_url(foreign_key, LEGACY_URL)), 404, "not_found")
    assert_error(pro.client.get(LEGACY_URL), 403, "feature_not_available")
    assert enterprise.client.delete(detail_url(api_key, LEGACY_URL)).status_code == 204
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
