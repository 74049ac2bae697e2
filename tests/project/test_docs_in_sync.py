"""The README and the Postman collection describe the server as it is."""

import json
import re
import time
from pathlib import Path

from django.urls import Resolver404, resolve

from accounts.plans import FEATURES
from accounts.roles import PERMISSIONS, ROLE_PERMISSIONS
from integrations.signing import signature_header
from postman.build_collection import build

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_the_readme_plan_table_matches_the_feature_table():
    rows = dict(re.findall(r"^\| `([a-z_.]+)` \| (Free|Pro|Enterprise) \|", README, re.M))

    assert rows == {flag: feature.plan.label for flag, feature in FEATURES.items()}


def test_the_readme_role_table_matches_the_role_permissions():
    rows = dict(re.findall(r"^\| `([a-z_.]+)` \| ([a-z, ]+) \|", README, re.M))
    expected = {
        permission: ", ".join(role for role, held in ROLE_PERMISSIONS.items() if permission in held)
        for permission in PERMISSIONS
    }

    assert rows == expected


def test_the_committed_postman_collection_is_the_built_one():
    committed = json.loads((ROOT / "postman" / "simplycrm.postman_collection.json").read_text())

    assert committed == build()


def test_every_postman_request_resolves_to_a_route():
    paths = [
        "/" + "/".join(item["request"]["url"]["path"])
        for folder in build()["item"]
        for item in folder["item"]
    ]

    unresolved = []
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            unresolved.append(path)
    assert paths and not unresolved


def test_the_postman_collection_runs_green_against_an_enterprise_workspace(make_member):
    """Plays every request in order, as Postman's runner would, with the collection's auth."""
    from rest_framework.test import APIClient

    from tests.factories import PASSWORD

    actor = make_member()
    collection = build()
    variables = {v["key"]: v["value"] for v in collection["variable"]}
    variables.update(baseUrl="", username=actor.membership.user.username, password=PASSWORD)
    client = APIClient()

    def fill(text: str) -> str:
        for key, value in variables.items():
            text = text.replace("{{" + key + "}}", value)
        return text.replace("{{$timestamp}}", "1700000000")

    statuses = {}
    for folder in collection["item"]:
        for item in folder["item"]:
            request = item["request"]
            url = fill(request["url"]["raw"])
            body = json.loads(fill(request["body"]["raw"])) if "body" in request else None
            headers = {}
            if request.get("auth", {}).get("type") != "noauth" and variables["token"]:
                headers["HTTP_AUTHORIZATION"] = f"Token {variables['token']}"
            method = getattr(client, request["method"].lower())
            response = method(url, body, format="json", **headers)
            statuses[item["name"]] = response.status_code
            if item["name"] == "Obtain a token":
                variables["token"] = response.json()["access"]

    assert all(200 <= code < 300 for code in statuses.values()), statuses


def readme_webhook_verifier():
    """The `verify` function of the README's webhook section, run as a receiver would paste it."""
    section = README.split("### Webhook subscriptions", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    source = next(block for block in blocks if "def verify" in block)
    namespace: dict = {}
    exec(source, namespace)  # noqa: S102 (our own README, checked as documentation)
    return namespace["verify"]


def test_the_readme_webhook_verifier_checks_signatures_as_the_server_makes_them(monkeypatch):
    verify = readme_webhook_verifier()
    body = b'{"id": "0f8e", "type": "deal.won", "data": {}}'
    signed_at = 1_900_000_000
    monkeypatch.setattr(time, "time", lambda: signed_at + 10)

    single = signature_header(["whsec_new"], signed_at, body)
    rotating = signature_header(["whsec_new", "whsec_old"], signed_at, body)

    assert verify(single, body, "whsec_new")
    assert verify(rotating, body, "whsec_new") and verify(rotating, body, "whsec_old")
    assert not verify(single, body, "whsec_wrong")
    assert not verify(rotating, body + b" ", "whsec_new")


def test_the_readme_webhook_verifier_rejects_a_stale_timestamp(monkeypatch):
    verify = readme_webhook_verifier()
    body = b'{"id": "0f8e"}'
    signed_at = 1_900_000_000
    header = signature_header(["whsec_new"], signed_at, body)

    monkeypatch.setattr(time, "time", lambda: signed_at + 301)

    assert not verify(header, body, "whsec_new")
