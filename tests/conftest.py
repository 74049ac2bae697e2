"""Fixtures every test module shares: clients acting as a member or key of a workspace."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import ApiKey, Membership, PersonalToken, Workspace
from accounts.plans import Plan
from accounts.roles import Role
from accounts.services import api_key_create, token_issue

from .factories import MembershipFactory, WorkspaceFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Actor:
    """A client that authenticates as one credential in one workspace."""

    client: APIClient
    workspace: Workspace
    credential: PersonalToken | ApiKey
    secret: str
    membership: Membership | None = None


def _client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


@pytest.fixture
def make_member(db):
    """make_member(plan=..., role=..., workspace=...) -> an Actor with a personal token."""

    def make(
        plan: str = Plan.ENTERPRISE, role: str = Role.OWNER, workspace: Workspace | None = None
    ) -> Actor:
        workspace = workspace or WorkspaceFactory(plan=plan)
        membership = MembershipFactory(workspace=workspace, role=role)
        token, secret = token_issue(membership=membership)
        return Actor(_client(secret), workspace, token, secret, membership)

    return make


@pytest.fixture
def make_api_key(db):
    """make_api_key(scopes, workspace=..., plan=...) -> an Actor with a workspace key."""

    def make(
        scopes: list[str], workspace: Workspace | None = None, plan: str = Plan.ENTERPRISE
    ) -> Actor:
        workspace = workspace or WorkspaceFactory(plan=plan)
        api_key, secret = api_key_create(
            workspace=workspace, name="test key", scopes=scopes, created_by=None
        )
        return Actor(_client(secret), workspace, api_key, secret)

    return make


@pytest.fixture
def enterprise(make_member) -> Actor:
    return make_member(Plan.ENTERPRISE)


@pytest.fixture
def pro(make_member) -> Actor:
    return make_member(Plan.PRO)


@pytest.fixture
def free(make_member) -> Actor:
    return make_member(Plan.FREE)


@pytest.fixture
def other_workspace(make_member) -> Actor:
    """An Enterprise member of another workspace, to prove isolation."""
    return make_member(Plan.ENTERPRISE)


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


def pytest_sessionstart(session):
    """Under CI the suite must meet PostgreSQL: fail at once rather than pass on SQLite."""
    import os

    from django.conf import settings

    if os.environ.get("SIMPLYCRM_REQUIRE_POSTGRES") == "1":
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError(f"SIMPLYCRM_REQUIRE_POSTGRES=1 but the database is {engine}")
