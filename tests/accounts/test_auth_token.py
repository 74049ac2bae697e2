"""POST /api/auth/token/, /api/auth/token/revoke/ and the life of a personal token."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.test import APIClient

from accounts.models import PersonalToken
from accounts.plans import Plan, flags_for_plan
from accounts.tokens import PERSONAL_TOKEN_PREFIX, hash_secret, is_well_formed
from tests.factories import PASSWORD, MembershipFactory, WorkspaceFactory
from tests.helpers import ANY, assert_error

TOKEN_URL = "/api/auth/token/"
PROFILE_URL = "/api/auth/profile/"


@pytest.fixture
def member(db):
    return MembershipFactory(workspace=WorkspaceFactory(plan=Plan.PRO, slug="bluebird"))


def login(client: APIClient, **body):
    return client.post(TOKEN_URL, body, format="json")


def test_login_returns_a_prefixed_token_and_the_profile(member):
    response = login(APIClient(), username=member.user.username, password=PASSWORD)

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "access": ANY,
        "token_type": "Token",
        "expires_at": ANY,
        "profile": ANY,
    }
    assert is_well_formed(body["access"], PERSONAL_TOKEN_PREFIX)
    profile = body["profile"]
    assert profile["id"] == member.user.pk
    assert profile["username"] == member.user.username
    assert profile["feature_flags"] == sorted(flags_for_plan(Plan.PRO))
    assert profile["workspace"] == {
        "id": member.workspace.pk,
        "name": member.workspace.name,
        "slug": "bluebird",
        "plan": "pro",
    }


def test_only_a_keyed_hash_of_the_token_is_stored(member):
    secret = login(APIClient(), username=member.user.username, password=PASSWORD).json()["access"]

    token = PersonalToken.objects.get()
    assert token.token_hash == hash_secret(secret)
    assert secret not in {token.token_hash, token.prefix, token.name}
    assert token.prefix == secret[: len(token.prefix)]


@pytest.mark.parametrize("keyword", ["Token", "Bearer"])
def test_the_token_authenticates_with_either_keyword(member, keyword):
    secret = login(APIClient(), username=member.user.username, password=PASSWORD).json()["access"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")

    assert client.get(PROFILE_URL).status_code == 200


def test_a_wrong_password_is_a_401_in_the_error_shape(member):
    response = login(APIClient(), username=member.user.username, password="wrong")

    assert_error(response, 401, "invalid_credentials")
    assert PersonalToken.objects.count() == 0


def test_an_unknown_user_is_the_same_401(db):
    assert_error(login(APIClient(), username="nobody", password="x"), 401, "invalid_credentials")


def test_a_missing_password_is_a_400_naming_the_field(member):
    error = assert_error(login(APIClient(), username=member.user.username), 400, "validation_error")

    assert error["details"] == {"password": ["This field is required."]}


def test_login_can_choose_among_memberships_by_slug_or_id(member):
    second = MembershipFactory(user=member.user, workspace=WorkspaceFactory(plan=Plan.FREE))

    by_slug = login(
        APIClient(),
        username=member.user.username,
        password=PASSWORD,
        workspace=second.workspace.slug,
    )
    by_id = login(
        APIClient(), username=member.user.username, password=PASSWORD, workspace=second.workspace.pk
    )
    default = login(APIClient(), username=member.user.username, password=PASSWORD)

    assert by_slug.json()["profile"]["workspace"]["id"] == second.workspace.pk
    assert by_id.json()["profile"]["workspace"]["id"] == second.workspace.pk
    assert default.json()["profile"]["workspace"]["id"] == member.workspace.pk
    assert len(default.json()["profile"]["memberships"]) == 2


def test_login_to_a_workspace_of_someone_else_is_a_400(member):
    stranger = WorkspaceFactory()

    response = login(
        APIClient(), username=member.user.username, password=PASSWORD, workspace=stranger.slug
    )

    error = assert_error(response, 400, "validation_error")
    assert list(error["details"]) == ["workspace"]


def test_a_revoked_token_gets_401_everywhere_at_once(pro):
    assert pro.client.post("/api/auth/token/revoke/").status_code == 204

    assert_error(pro.client.get(PROFILE_URL), 401, "token_revoked")
    assert_error(pro.client.post("/api/auth/token/revoke/"), 401, "token_revoked")


def test_an_expired_token_gets_401(pro):
    with freeze_time(timezone.now() + timedelta(days=365)):
        assert_error(pro.client.get(PROFILE_URL), 401, "token_expired")


def test_a_user_may_hold_several_tokens_and_revoking_one_keeps_the_others(member):
    first = login(APIClient(), username=member.user.username, password=PASSWORD).json()["access"]
    second = login(APIClient(), username=member.user.username, password=PASSWORD).json()["access"]
    one, two = APIClient(), APIClient()
    one.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    two.credentials(HTTP_AUTHORIZATION=f"Token {second}")

    one.post("/api/auth/token/revoke/")

    assert one.get(PROFILE_URL).status_code == 401
    assert two.get(PROFILE_URL).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Token", "Token a b", "Token scrm_pat_short", "Token nonsense", "Bearer scrm_key_x"],
)
def test_malformed_or_unknown_tokens_are_401(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    error = assert_error(client.get(PROFILE_URL), 401, ANY)
    assert error["code"] in {"invalid_token", "invalid_header"}


def test_no_credential_is_a_401_with_a_challenge(db):
    response = APIClient().get(PROFILE_URL)

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == 'Token realm="api"'


def test_use_records_the_last_used_time(pro):
    assert pro.credential.last_used_at is None

    pro.client.get(PROFILE_URL)

    pro.credential.refresh_from_db()
    assert pro.credential.last_used_at is not None
