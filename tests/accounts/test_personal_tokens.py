"""GET /api/auth/tokens/ and DELETE /api/auth/tokens/{id}/: a user's own personal tokens."""

from accounts.plans import Plan
from accounts.services import token_issue
from tests.factories import MembershipFactory, WorkspaceFactory
from tests.helpers import ANY, assert_error

URL = "/api/auth/tokens/"


def test_a_user_lists_their_tokens_in_every_workspace_without_secrets(make_member):
    actor = make_member(Plan.FREE)
    elsewhere = MembershipFactory(user=actor.membership.user, workspace=WorkspaceFactory())
    other_token, other_secret = token_issue(membership=elsewhere, name="laptop")

    response = actor.client.get(URL)

    assert response.status_code == 200
    results = response.json()["results"]
    assert {row["id"] for row in results} == {actor.credential.pk, other_token.pk}
    laptop = next(row for row in results if row["id"] == other_token.pk)
    assert laptop == {
        "id": other_token.pk,
        "name": "laptop",
        "prefix": other_token.prefix,
        "workspace": {
            "id": elsewhere.workspace.pk,
            "name": elsewhere.workspace.name,
            "slug": elsewhere.workspace.slug,
            "plan": elsewhere.workspace.plan,
        },
        "is_current": False,
        "created_at": ANY,
        "last_used_at": None,
        "expires_at": ANY,
        "revoked_at": None,
    }
    assert other_secret not in response.content.decode()
    assert next(row for row in results if row["is_current"])["id"] == actor.credential.pk


def test_another_users_tokens_are_invisible_and_cannot_be_revoked(make_member):
    actor, stranger = make_member(), make_member()

    listed = actor.client.get(URL).json()["results"]
    response = actor.client.delete(f"{URL}{stranger.credential.pk}/")

    assert stranger.credential.pk not in {row["id"] for row in listed}
    assert_error(response, 404, "not_found")
    assert stranger.client.get("/api/auth/profile/").status_code == 200


def test_deleting_a_token_revokes_it_at_once(make_member):
    actor = make_member()
    spare, spare_secret = token_issue(membership=actor.membership)

    response = actor.client.delete(f"{URL}{spare.pk}/")

    assert response.status_code == 204
    spare.refresh_from_db()
    assert spare.revoked_at is not None
    actor.client.credentials(HTTP_AUTHORIZATION=f"Token {spare_secret}")
    assert_error(actor.client.get("/api/auth/profile/"), 401, "token_revoked")


def test_a_workspace_key_cannot_list_personal_tokens(make_api_key):
    key = make_api_key(["integrations.read"])

    assert_error(key.client.get(URL), 403, "personal_token_required")


def test_without_a_credential_the_list_is_401(anonymous, db):
    assert_error(anonymous.get(URL), 401, "not_authenticated")
