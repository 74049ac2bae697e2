"""Rate limits from the workspace's plan quota, counted by django-ratelimit in the Django cache.

Every process shares the count through the cache (Redis in production). A request with a
credential spends that credential's per-minute quota and, separately, a higher per-IP bound, so
one credential running out does not block another behind the same address. A request without one
spends its IP's anonymous quota. The usage of the tightest limit is kept on the request so every
response can carry RateLimit headers.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateUsage:
    limit: int
    remaining: int
    reset_seconds: int
    limited: bool


def client_ip(request) -> str:
    """The client's address, trusting X-Forwarded-For only as far as `NUM_PROXIES` hops."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if settings.NUM_PROXIES and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(settings.NUM_PROXIES, len(hops))]
    return request.META.get("REMOTE_ADDR", "unknown")


def spend(request, *, group: str, key: str, rate: str) -> RateUsage | None:
    """Count one request against `rate` for `key`; None when rate limiting is switched off."""
    usage = get_usage(
        request, group=group, key=lambda _group, _request: key, rate=rate, increment=True
    )
    if usage is None:
        return None
    return RateUsage(
        limit=usage["limit"],
        remaining=max(usage["limit"] - usage["count"], 0),
        reset_seconds=max(int(usage["time_left"]), 1),
        limited=usage["should_limit"],
    )


class PlanQuotaThrottle(BaseThrottle):
    """The default throttle of every API view."""

    def allow_request(self, request, view) -> bool:
        ip = client_ip(request)
        credential = request.auth
        if credential is None:
            usages = [
                spend(
                    request,
                    group="api.anonymous-ip",
                    key=ip,
                    rate=f"{settings.ANONYMOUS_IP_QUOTA_PER_MINUTE}/m",
                )
            ]
        else:
            usages = [
                spend(
                    request,
                    group="api.credential",
                    key=f"{credential.kind}:{credential.pk}",
                    rate=f"{credential.workspace.api_quota}/m",
                ),
                spend(
                    request,
                    group="api.authenticated-ip",
                    key=ip,
                    rate=f"{settings.AUTHENTICATED_IP_QUOTA_PER_MINUTE}/m",
                ),
            ]
        usages = [usage for usage in usages if usage is not None]
        if not usages:
            return True

        # The headers describe the limit closest to biting (the credential's, normally).
        request._request.rate_usage = min(usages, key=lambda u: (not u.limited, u.remaining))
        limited = [usage for usage in usages if usage.limited]
        if limited:
            self._wait = max(usage.reset_seconds for usage in limited)
            logger.info(
                "ratelimit.exceeded",
                extra={"ip": ip, "credential": getattr(credential, "prefix", None)},
            )
            return False
        return True

    def wait(self) -> int:
        return getattr(self, "_wait", 60)


class LoginThrottle(BaseThrottle):
    """Login attempts, per client IP and per username, whatever their outcome."""

    def allow_request(self, request, view) -> bool:
        username = (
            str(request.data.get("username", "")).strip().lower()
            if hasattr(request.data, "get")
            else ""
        )
        usages = [
            spend(
                request,
                group="auth.login-ip",
                key=client_ip(request),
                rate=settings.LOGIN_RATE_PER_IP,
            )
        ]
        if username:
            usages.append(
                spend(
                    request,
                    group="auth.login-username",
                    key=username,
                    rate=settings.LOGIN_RATE_PER_USERNAME,
                )
            )
        limited = [usage for usage in usages if usage is not None and usage.limited]
        if limited:
            self._wait = max(usage.reset_seconds for usage in limited)
            return False
        return True

    def wait(self) -> int:
        return getattr(self, "_wait", 60)
