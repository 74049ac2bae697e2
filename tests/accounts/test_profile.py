"""GET /api/auth/profile/: who is calling, in which workspace, with which flags and permissions."""

import pytest
from django.conf import settings

from accounts.models import FeatureOverride
from accounts.plans import Plan, flags_for_plan
from accounts.roles import API_KEY_PERMISSIONS, PERMISSIONS, Role
from tests.factories import MembershipFactory, WorkspaceFactory
from tests.helpers import ANY, assert_error

PROFILE_URL = "/api/auth/profile/"
API_KEYS_URL = "/api/integrations/api-keys/"


def test_the_profile_of_an_owner_describes_the_user_the_workspace_and_the_token(enterprise):
    user = enterprise.membership.user
    workspace = enterprise.workspace

    response = enterprise.client.get(PROFILE_URL)

    assert response.status_code == 200
    workspace_summary = {
        "id": workspace.pk,
        "name": workspace.name,
        "slug": workspace.slug,
        "plan": "enterprise",
    }
    assert response.json() == {
        "id": user.pk,
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "workspace": workspace_summary,
        "role": "owner",
        "permissions": sorted(PERMISSIONS),
        "feature_flags": sorted(flags_for_plan(Plan.ENTERPRISE)),
        "api_quota_per_minute": settings.PLAN_API_QUOTAS["enterprise"],
        "credential": {
            "kind": "personal_token",
            "name": "",
            "prefix": enterprise.credential.prefix,
            "scopes": None,
            "created_at": ANY,
            "last_used_at": ANY,
            "expires_at": ANY,
        },
        "memberships": [{"workspace": workspace_summary, "role": "owner"}],
    }
    assert enterprise.secret not in response.content.decode()


@pytest.mark.parametrize("plan", [Plan.FREE, Plan.PRO, Plan.ENTERPRISE])
def test_the_feature_flags_are_exactly_those_of_the_plan(make_member, plan):
    actor = make_member(plan=plan)

    body = actor.client.get(PROFILE_URL).json()

    assert body["feature_flags"] == sorted(flags_for_plan(plan))
    assert body["workspace"]["plan"] == plan.value
    assert body["api_quota_per_minute"] == settings.PLAN_API_QUOTAS[plan.value]


@pytest.mark.parametrize(
    ("role", "permissions"),
    [
        (Role.OWNER, sorted(PERMISSIONS)),
        (Role.ADMIN, sorted(PERMISSIONS)),
        (
            Role.MEMBER,
            [
                "analytics.edit",
                "assistant.use",
                "catalog.manage_inventory",
                "sales.edit_records",
            ],
        ),
        (Role.VIEWER, ["assistant.use"]),
    ],
)
def test_the_role_and_its_permissions_are_shown(make_member, role, permissions):
    actor = make_member(role=role)

    body = actor.client.get(PROFILE_URL).json()

    assert body["role"] == role.value
    assert body["permissions"] == permissions
    assert body["memberships"] == [{"workspace": ANY, "role": role.value}]


def test_a_workspace_key_has_no_user_id_nor_role_and_shows_its_scopes(make_api_key):
    key = make_api_key(["sales.read", "catalog.write"])

    response = key.client.get(PROFILE_URL)

    assert response.status_code == 200
    assert response.json() == {
        "id": None,
        "username": f"api-key:{key.credential.prefix}",
        "email": "",
        "first_name": "",
        "last_name": "",
        "workspace": {
            "id": key.workspace.pk,
            "name": key.workspace.name,
            "slug": key.workspace.slug,
            "plan": "enterprise",
        },
        "role": None,
        "permissions": sorted(API_KEY_PERMISSIONS),
        "feature_flags": sorted(flags_for_plan(Plan.ENTERPRISE)),
        "api_quota_per_minute": settings.PLAN_API_QUOTAS["enterprise"],
        "credential": {
            "kind": "api_key",
            "name": "test key",
            "prefix": key.credential.prefix,
            "scopes": ["catalog.write", "sales.read"],
            "created_at": ANY,
            "last_used_at": ANY,
            "expires_at": None,
        },
        "memberships": [],
    }


def test_a_workspace_key_holds_no_permission_over_credentials_or_members(make_api_key):
    key = make_api_key(["integrations.write"])

    permissions = key.client.get(PROFILE_URL).json()["permissions"]

    assert "integrations.manage_api_keys" not in permissions
    assert "accounts.manage_members" not in permissions


def test_the_profile_lists_every_membership_of_the_user(free):
    second = MembershipFactory(
        user=free.membership.user, workspace=WorkspaceFactory(plan=Plan.PRO), role=Role.VIEWER
    )

    memberships = free.client.get(PROFILE_URL).json()["memberships"]

    assert [(m["workspace"]["id"], m["role"]) for m in memberships] == [
        (free.workspace.pk, "owner"),
        (second.workspace.pk, "viewer"),
    ]


def test_granting_a_flag_adds_it_to_the_profile_and_opens_the_gated_endpoint(pro):
    assert "integrations.api_keys" not in pro.client.get(PROFILE_URL).json()["feature_flags"]
    assert_error(pro.client.get(API_KEYS_URL), 403, "feature_not_available")

    FeatureOverride.objects.create(
        workspace=pro.workspace, flag="integrations.api_keys", enabled=True, reason="pilot"
    )

    flags = pro.client.get(PROFILE_URL).json()["feature_flags"]
    assert flags == sorted(flags_for_plan(Plan.PRO) | {"integrations.api_keys"})
    assert pro.client.get(API_KEYS_URL).status_code == 200


def test_withdrawing_a_flag_removes_it_from_the_profile_and_closes_the_gated_endpoint(enterprise):
    assert enterprise.client.get(API_KEYS_URL).status_code == 200

    FeatureOverride.objects.create(
        workspace=enterprise.workspace, flag="integrations.api_keys", enabled=False
    )

    flags = enterprise.client.get(PROFILE_URL).json()["feature_flags"]
    assert flags == sorted(flags_for_plan(Plan.ENTERPRISE) - {"integrations.api_keys"})
    error = assert_error(enterprise.client.get(API_KEYS_URL), 403, "feature_not_available")
    assert error["details"] == {
        "flag": "integrations.api_keys",
        "required_plan": "enterprise",
        "plan": "enterprise",
    }


def test_an_override_of_one_workspace_leaves_the_others_alone(pro, make_member):
    neighbour = make_member(plan=Plan.PRO)
    FeatureOverride.objects.create(
        workspace=pro.workspace, flag="integrations.api_keys", enabled=True
    )

    assert neighbour.client.get(PROFILE_URL).json()["feature_flags"] == sorted(
        flags_for_plan(Plan.PRO)
    )
    assert_error(neighbour.client.get(API_KEYS_URL), 403, "feature_not_available")


def test_a_custom_quota_replaces_the_plans_in_the_profile(free):
    free.workspace.api_quota_per_minute = 1234
    free.workspace.save()

    body = free.client.get(PROFILE_URL).json()

    assert body["api_quota_per_minute"] == 1234


def test_without_a_credential_the_profile_is_a_401(anonymous, db):
    assert_error(anonymous.get(PROFILE_URL), 401, "not_authenticated")
