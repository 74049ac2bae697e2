"""The data and endpoints `bench/run.py` times; each module adds its hot paths here."""

from rest_framework.test import APIClient

from accounts.models import Membership, User, Workspace
from accounts.services import api_key_create, token_issue


def build() -> tuple[APIClient, list[tuple[str, str]]]:
    """Create one Enterprise workspace with data; return its client and the (label, url) cases."""
    workspace = Workspace.objects.create(name="Bench", slug="bench", plan="enterprise")
    user = User.objects.create(username="bench")
    membership = Membership.objects.create(user=user, workspace=workspace, role="owner")
    _, secret = token_issue(membership=membership)
    for number in range(200):
        api_key_create(
            workspace=workspace, name=f"key {number}", scopes=["sales.read"], created_by=user
        )

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    cases = [
        ("GET /api/auth/profile/", "/api/auth/profile/"),
        ("GET /api/integrations/api-keys/?limit=10", "/api/integrations/api-keys/?limit=10"),
        ("GET /api/integrations/api-keys/?limit=200", "/api/integrations/api-keys/?limit=200"),
    ]
    return client, cases
