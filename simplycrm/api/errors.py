"""The one error shape, the small exception hierarchy behind it, and the handler that joins them.

Every error response, from a viewset, a permission, a throttle or Django itself, has the body

    {"error": {"status": 403, "code": "feature_not_available", "message": "...",
               "request_id": "...", "details": {...}}}

`code` is stable and machine-readable, `message` is for people, `details` carries what a client
needs to act (the invalid fields of a 400, the missing flag of a 403, the wait of a 429), and
`request_id` matches the `X-Request-ID` header and the server's log line for that request.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import IntegrityError, connections
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from simplycrm.logging import request_id_var

logger = logging.getLogger(__name__)


class ApiError(exceptions.APIException):
    """A failure the client can act on; subclasses fix the status and the stable code."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_request"
    default_detail = "The request could not be processed."

    def __init__(self, message: str | None = None, *, details: dict[str, Any] | None = None):
        super().__init__(message or self.default_detail, self.default_code)
        self.details = details or {}


class BodyTooLarge(ApiError):
    default_code = "body_too_large"
    default_detail = "The request body is larger than the server accepts."


class InvalidCredentials(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "invalid_credentials"
    default_detail = "The username or password is incorrect."


class FeatureNotAvailable(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "feature_not_available"


class RolePermissionMissing(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "permission_missing"


class ScopeMissing(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "scope_missing"


class PersonalTokenRequired(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "personal_token_required"


class Conflict(ApiError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The request conflicts with the current state of the resource."


# Stable codes for the exceptions DRF itself raises, where its own code is less telling.
_DRF_CODES = {
    exceptions.ParseError: "malformed_request",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "rate_limited",
    exceptions.PermissionDenied: "permission_denied",
}


def set_rollback() -> None:
    """Mark open atomic blocks for rollback, so an error leaves nothing half-written.

    rest_framework.views has the same helper, but importing it here would be circular: DRF
    loads this module's neighbours while it is itself being imported.
    """
    for db in connections.all():
        if db.settings_dict.get("ATOMIC_REQUESTS") and db.in_atomic_block:
            db.set_rollback(True)


def error_body(status_code: int, code: str, message: str, details: dict | None = None) -> dict:
    return {
        "error": {
            "status": status_code,
            "code": code,
            "message": message,
            "request_id": request_id_var.get(),
            "details": details or {},
        }
    }


def _field_errors(detail: Any) -> dict:
    """DRF's nested validation detail, as plain strings keyed by field."""
    if isinstance(detail, dict):
        return {key: _field_errors(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [str(item) for item in detail]
        return [_field_errors(item) for item in detail]
    return [str(detail)]


def _first_message(fields: Any) -> str:
    """A readable sentence naming the first invalid field, for clients that show one line."""
    path: list[str] = []
    node = fields
    while isinstance(node, (dict, list)) and node:
        if isinstance(node, dict):
            key = next(iter(node))
            path.append(str(key))
            node = node[key]
        else:
            node = node[0]
    name = ".".join(p for p in path if p != "non_field_errors")
    return f"{name}: {node}" if name else str(node)


def exception_handler(exc: Exception, context: dict) -> Response:
    """DRF's exception handler: every exception becomes the one error shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        # DRF reads `request.body` before the parser runs, so Django's own size check fires first.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = BodyTooLarge(
            f"The request body is larger than {limit} bytes.", details={"limit_bytes": limit}
        )
    elif isinstance(exc, SuspiciousOperation):
        # Django answers these (too many fields or files, for instance) with a 400; so do we.
        logger.warning("api.suspicious_request", extra={"error": str(exc)})
        exc = ApiError()
    elif isinstance(exc, IntegrityError):
        logger.warning("api.integrity_conflict", extra={"error": str(exc)})
        exc = Conflict("The change conflicts with an existing record.")

    if not isinstance(exc, exceptions.APIException):
        logger.error("api.unhandled_exception", exc_info=exc)
        set_rollback()
        return Response(
            error_body(500, "server_error", "An unexpected error occurred; it has been logged."),
            status=500,
        )

    headers = {}
    if isinstance(exc, exceptions.ValidationError):
        fields = _field_errors(exc.detail)
        if not isinstance(fields, dict):
            fields = {"non_field_errors": fields}
        body = error_body(400, "validation_error", _first_message(fields), fields)
    else:
        if isinstance(exc, ApiError):
            code, details = exc.default_code, exc.details
        else:
            code = _DRF_CODES.get(type(exc)) or exc.get_codes()
            code = code if isinstance(code, str) else exc.default_code
            details = {}
        if isinstance(exc, exceptions.AuthenticationFailed) and not isinstance(exc, ApiError):
            code = exc.get_codes() if isinstance(exc.get_codes(), str) else "invalid_token"
            if code == "authentication_failed":
                code = "invalid_token"
        if isinstance(exc, exceptions.Throttled):
            wait = int(exc.wait) if exc.wait is not None else 1
            headers["Retry-After"] = str(max(wait, 1))
            details = {"retry_after": max(wait, 1)}
        body = error_body(exc.status_code, code, str(exc.detail), details)

    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


def _json_error(status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(status_code, code, message), status=status_code)


def handler400(request, exception=None):
    return _json_error(400, "bad_request", "The request could not be understood.")


def handler403(request, exception=None):
    return _json_error(403, "permission_denied", "You do not have permission to do this.")


def handler404(request, exception=None):
    return _json_error(404, "not_found", "Not found.")


def handler500(request):
    return _json_error(500, "server_error", "An unexpected error occurred; it has been logged.")


def api_not_found(request, *args, **kwargs):
    """The catch-all under /api/: a JSON 404 even where Django would render its debug page."""
    return handler404(request)
