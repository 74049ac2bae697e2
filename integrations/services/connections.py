"""Connectors to third-party services: their credentials, tests and state."""

import json
import logging
from dataclasses import dataclass

from django.utils import timezone
from rest_framework.exceptions import ValidationError

from ..http import HttpResult, send
from ..models import (
    ConnectionKind,
    ConnectionStatus,
    IntegrationConnection,
    IntegrationLog,
    LogKind,
    LogStatus,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Connector:
    """What a kind of connection needs, and the harmless call that proves its credentials."""

    credential_keys: tuple[str, ...]
    default_api_base_url: str
    test_method: str
    test_path: str
    bearer_field: str

    def test(self, connection: IntegrationConnection) -> HttpResult:
        base = connection.settings.get("api_base_url") or self.default_api_base_url
        token = connection.credentials.get(self.bearer_field, "")
        return send(
            self.test_method,
            base.rstrip("/") + self.test_path,
            body=b"{}" if self.test_method == "POST" else None,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        )


CONNECTORS: dict[str, Connector] = {
    ConnectionKind.SLACK: Connector(
        credential_keys=("bot_token",),
        default_api_base_url="https://slack.com/api",
        test_method="POST",
        test_path="/auth.test",
        bearer_field="bot_token",
    ),
    ConnectionKind.HUBSPOT: Connector(
        credential_keys=("access_token",),
        default_api_base_url="https://api.hubapi.com",
        test_method="GET",
        test_path="/account-info/v3/details",
        bearer_field="access_token",
    ),
}


def validate_credentials(kind: str, credentials: dict) -> dict:
    required = CONNECTORS[kind].credential_keys
    if not isinstance(credentials, dict):
        raise ValidationError({"credentials": ["Give a JSON object."]})
    missing = [key for key in required if not str(credentials.get(key, "")).strip()]
    unknown = sorted(set(credentials) - set(required))
    errors = [f"{key!r} is required." for key in missing]
    errors += [f"{key!r} is not a credential of {kind}." for key in unknown]
    if errors:
        raise ValidationError({"credentials": errors})
    return {key: str(credentials[key]).strip() for key in required}


def connection_test(*, connection: IntegrationConnection) -> IntegrationLog:
    """Call the service with the stored credentials; record the outcome on the connection."""
    result = CONNECTORS[connection.kind].test(connection)
    ok = result.ok and _body_says_ok(connection.kind, result.excerpt)
    connection.last_tested_at = timezone.now()
    connection.last_error = "" if ok else (result.error or f"HTTP {result.status}")[:500]
    if connection.status != ConnectionStatus.DISABLED:
        connection.status = ConnectionStatus.ACTIVE if ok else ConnectionStatus.ERROR
    connection.save(update_fields=["last_tested_at", "last_error", "status", "updated_at"])
    log = IntegrationLog.objects.create(
        workspace_id=connection.workspace_id,
        kind=LogKind.CONNECTION_TEST,
        status=LogStatus.SUCCEEDED if ok else LogStatus.FAILED,
        connection=connection,
        target=connection.get_kind_display(),
        response_code=result.status,
        response_excerpt=result.excerpt,
        error=connection.last_error,
        duration_ms=result.duration_ms,
    )
    logger.info(
        "connections.tested",
        extra={"workspace_id": connection.workspace_id, "connection_id": connection.pk, "ok": ok},
    )
    return log


def _body_says_ok(kind: str, excerpt: str) -> bool:
    """Slack answers 200 even for a bad token; its body's `ok` is the verdict."""
    if kind != ConnectionKind.SLACK:
        return True
    try:
        return bool(json.loads(excerpt).get("ok"))
    except (ValueError, AttributeError):
        return False


def connection_disable(*, connection: IntegrationConnection) -> None:
    connection.status = ConnectionStatus.DISABLED
    connection.save(update_fields=["status", "updated_at"])


def connection_enable(*, connection: IntegrationConnection) -> None:
    connection.status = ConnectionStatus.ACTIVE
    connection.save(update_fields=["status", "updated_at"])
