"""Request ids and the one access-log line per request."""

import logging
import re
import time
import uuid

from simplycrm.logging import request_id_var

logger = logging.getLogger("simplycrm.access")

# A client-supplied id is kept only when it is short and plain, so logs cannot be forged.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give each request an id (the client's `X-Request-ID` when sane), echo it, and log it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.id = request_id
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            self._log(request, response.status_code, started)
            return response
        finally:
            request_id_var.reset(token)

    @staticmethod
    def _log(request, status_code: int, started: float) -> None:
        credential = getattr(request, "credential", None)
        workspace = getattr(credential, "workspace", None)
        logger.info(
            "http.request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "workspace_id": getattr(workspace, "pk", None),
                "credential": getattr(credential, "prefix", None),
            },
        )
