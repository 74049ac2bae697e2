"""The README and the Postman collection describe the server as it is."""

import json
import re
from pathlib import Path

from django.urls import Resolver404, resolve

from accounts.plans import FEATURES
from accounts.roles import PERMISSIONS, ROLE_PERMISSIONS
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
