"""The data and endpoints `bench/run.py` times; each module adds its hot paths here."""

from rest_framework.test import APIClient

from accounts.models import Membership, User, Workspace
from accounts.services import api_key_create, token_issue
from catalog import demo as catalog_demo
from sales import demo as sales_demo


def build() -> tuple[APIClient, list[tuple[str, str]]]:
    """One Enterprise workspace with the demo data; its client and the (label, url) cases."""
    workspace = Workspace.objects.create(name="Bench", slug="bench", plan="enterprise")
    user = User.objects.create(username="bench")
    membership = Membership.objects.create(user=user, workspace=workspace, role="owner")
    _, secret = token_issue(membership=membership)
    for number in range(200):
        api_key_create(
            workspace=workspace, name=f"key {number}", scopes=["sales.read"], created_by=user
        )
    catalog_demo.seed(workspace=workspace, owner=user)
    sales_demo.seed(workspace=workspace, owner=user)

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    cases = [("GET /api/auth/profile/", "/api/auth/profile/")]
    for path in (
        "/api/integrations/api-keys/",
        "/api/catalog/products/",
        "/api/sales/opportunities/",
        "/api/sales/orders/",
    ):
        for limit in (10, 100):
            cases.append((f"GET {path}?limit={limit}", f"{path}?limit={limit}"))
    return client, cases
