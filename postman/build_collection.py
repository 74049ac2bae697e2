"""Writes postman/simplycrm.postman_collection.json from the request list below.

Run `python postman/build_collection.py` after adding a request; the tests check that every
request in the collection points at a route the server has.
"""

import json
from pathlib import Path

# (folder, name, method, path, body or None); {{token}} is set by "Obtain a token".
REQUESTS = [
    (
        "Auth",
        "Obtain a token",
        "POST",
        "/api/auth/token/",
        {"username": "{{username}}", "password": "{{password}}"},
    ),
    ("Auth", "Profile", "GET", "/api/auth/profile/", None),
    (
        "Integrations",
        "Create an API key",
        "POST",
        "/api/integrations/api-keys/",
        {"name": "Data warehouse", "permissions": ["sales.read", "catalog.write"]},
    ),
    ("Integrations", "List API keys", "GET", "/api/integrations/api-keys/", None),
    ("Catalog", "List products", "GET", "/api/catalog/products/", None),
    ("Catalog", "List categories", "GET", "/api/catalog/categories/", None),
    (
        "Catalog",
        "Create a product",
        "POST",
        "/api/catalog/products/",
        {
            "name": "Smoke test lamp",
            "sku": "SMOKE-{{$timestamp}}",
            "price": "19.90",
            "currency": "EUR",
        },
    ),
    ("Catalog", "Price history", "GET", "/api/catalog/price-history/", None),
    ("Catalog", "Stock on hand", "GET", "/api/catalog/inventory-lots/on-hand/", None),
    ("Sales", "List pipelines", "GET", "/api/sales/pipelines/", None),
    ("Sales", "List opportunities", "GET", "/api/sales/opportunities/", None),
    (
        "Sales",
        "Create a contact",
        "POST",
        "/api/sales/contacts/",
        {"first_name": "Smoke", "last_name": "Test", "email": "smoke-{{$timestamp}}@example.com"},
    ),
    ("Sales", "List notes", "GET", "/api/sales/notes/", None),
    ("Sales", "List orders", "GET", "/api/sales/orders/", None),
    ("Sales", "List invoices", "GET", "/api/sales/invoices/", None),
    ("Sales", "List deal activities", "GET", "/api/sales/deal-activities/", None),
    (
        "Integrations",
        "List webhook subscriptions",
        "GET",
        "/api/integrations/webhook-subscriptions/",
        None,
    ),
    ("Integrations", "List import jobs", "GET", "/api/integrations/import-jobs/", None),
    ("Integrations", "List connections", "GET", "/api/integrations/integration-connections/", None),
    ("Integrations", "Integration logs", "GET", "/api/integrations/integration-logs/", None),
    ("Server", "Health", "GET", "/api/health/", None),
    ("Finish", "Revoke this token", "POST", "/api/auth/token/revoke/", None),
]

SAVE_TOKEN = [
    "const body = pm.response.json();",
    "pm.test('token issued', () => pm.expect(body.access).to.match(/^scrm_pat_/));",
    "pm.collectionVariables.set('token', body.access);",
]
CHECK_OK = ["pm.test('status is 2xx', () => pm.expect(pm.response.code).to.be.within(200, 299));"]


def _request(name: str, method: str, path: str, body) -> dict:
    segments = [segment for segment in path.strip("/").split("/") if segment]
    request = {
        "method": method,
        "header": [{"key": "Content-Type", "value": "application/json"}] if body else [],
        "url": {"raw": "{{baseUrl}}" + path, "host": ["{{baseUrl}}"], "path": [*segments, ""]},
    }
    if body is not None:
        request["body"] = {"mode": "raw", "raw": json.dumps(body, indent=2)}
    if path == "/api/auth/token/" or path == "/api/health/":
        request["auth"] = {"type": "noauth"}
    script = SAVE_TOKEN if path == "/api/auth/token/" else CHECK_OK
    return {
        "name": name,
        "request": request,
        "event": [{"listen": "test", "script": {"type": "text/javascript", "exec": script}}],
    }


def build() -> dict:
    folders: dict[str, list] = {}
    for folder, name, method, path, body in REQUESTS:
        folders.setdefault(folder, []).append(_request(name, method, path, body))
    return {
        "info": {
            "name": "SimplyCRM smoke tests",
            "description": "Run 'Obtain a token' first; it stores the token for the others.",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "auth": {
            "type": "apikey",
            "apikey": [
                {"key": "key", "value": "Authorization", "type": "string"},
                {"key": "value", "value": "Token {{token}}", "type": "string"},
                {"key": "in", "value": "header", "type": "string"},
            ],
        },
        "variable": [
            {"key": "baseUrl", "value": "http://localhost:8000"},
            {"key": "username", "value": "demo"},
            {"key": "password", "value": "secret"},
            {"key": "token", "value": ""},
        ],
        "item": [{"name": folder, "item": items} for folder, items in folders.items()],
    }


if __name__ == "__main__":
    target = Path(__file__).with_name("simplycrm.postman_collection.json")
    target.write_text(json.dumps(build(), indent=2) + "\n")
    print(f"wrote {target}")
