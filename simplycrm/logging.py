"""Request-scoped log context: every record carries the id of the request that produced it."""

import logging
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

# Attributes every LogRecord has; anything else on a record came from `extra=` and is printed.
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Stamp the current request id on each record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class KeyValueFormatter(logging.Formatter):
    """Human-readable lines for development: the message, then `key=value` for each extra field."""

    def format(self, record: logging.LogRecord) -> str:
        base = (
            f"{self.formatTime(record)} {record.levelname:<7} {record.name} {record.getMessage()}"
        )
        fields = {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS}
        fields["request_id"] = getattr(record, "request_id", "-")
        line = base + "".join(f" {key}={value}" for key, value in fields.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line
