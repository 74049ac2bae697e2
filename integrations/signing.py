"""Webhook signatures: `X-SimplyCRM-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`.

Each `v1` is HMAC-SHA256, keyed by one of the subscription's secrets, of `<t>.<raw body>`.
During a secret rotation's grace period there is one `v1` per valid secret, so a receiver that
knows either secret accepts the delivery. `verify_signature` is the reference check a receiver
performs; the README shows the same steps for a receiver written from scratch.
"""

import hashlib
import hmac
import secrets
import time

SECRET_PREFIX = "whsec_"  # noqa: S105 (a public prefix, not a secret)
DEFAULT_TOLERANCE_SECONDS = 300


def generate_webhook_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def compute_signature(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secrets_: list[str], timestamp: int, body: bytes) -> str:
    signatures = [f"v1={compute_signature(secret, timestamp, body)}" for secret in secrets_]
    return ",".join([f"t={timestamp}", *signatures])


def verify_signature(
    header: str,
    body: bytes,
    secret: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """True when one `v1` matches `secret` and `t` is within `tolerance` seconds of now."""
    timestamp, candidates = None, []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False  # too old (or from the future): a replay
    expected = compute_signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
