"""Webhook subscriptions and at-least-once delivery of events to them."""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts.models import Membership, User, Workspace
from accounts.roles import Role

from ..events import EVENT_TYPES, emit_event
from ..http import UnsafeTarget, check_url_shape, post_json
from ..models import (
    DeliveryStatus,
    DomainEvent,
    IntegrationLog,
    LogKind,
    LogStatus,
    WebhookDelivery,
    WebhookSubscription,
)
from ..signing import generate_webhook_secret, signature_header

logger = logging.getLogger(__name__)

# How long a worker may hold a delivery before a sweep considers it lost.
LEASE = timedelta(seconds=60)


def validate_target(url: str) -> str:
    try:
        check_url_shape(url)
    except UnsafeTarget as exc:
        raise ValidationError({"url": [str(exc)]}) from exc
    return url


def validate_event_types(events: list[str]) -> list[str]:
    unknown = sorted(set(events) - set(EVENT_TYPES))
    if unknown:
        raise ValidationError({"events": [f"Unknown event type {name!r}." for name in unknown]})
    return sorted(set(events))


def subscription_create(
    *,
    workspace: Workspace,
    url: str,
    events: list[str],
    description: str = "",
    created_by: User | None = None,
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its signing secret, which is returned here only."""
    secret = generate_webhook_secret()
    subscription = WebhookSubscription.objects.create(
        workspace=workspace,
        url=validate_target(url),
        events=validate_event_types(events),
        description=description,
        secret=secret,
        created_by=created_by,
    )
    logger.info(
        "webhooks.subscription_created",
        extra={"workspace_id": workspace.pk, "subscription_id": subscription.pk},
    )
    return subscription, secret


def subscription_rotate_secret(*, subscription: WebhookSubscription, grace_period: int) -> str:
    """Issue a new secret; the old one keeps signing deliveries for `grace_period` seconds."""
    if not 0 <= grace_period <= settings.WEBHOOK_MAX_GRACE_PERIOD_SECONDS:
        raise ValidationError(
            {
                "grace_period": [
                    f"Must be between 0 and {settings.WEBHOOK_MAX_GRACE_PERIOD_SECONDS} seconds."
                ]
            }
        )
    new_secret = generate_webhook_secret()
    subscription.previous_secret = subscription.secret if grace_period else None
    subscription.previous_secret_expires_at = (
        timezone.now() + timedelta(seconds=grace_period) if grace_period else None
    )
    subscription.secret = new_secret
    subscription.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
    )
    logger.info(
        "webhooks.secret_rotated",
        extra={
            "workspace_id": subscription.workspace_id,
            "subscription_id": subscription.pk,
            "grace_period": grace_period,
        },
    )
    return new_secret


def subscription_enable(*, subscription: WebhookSubscription) -> None:
    """Turn a subscription back on, forgetting its failure streak."""
    subscription.is_active = True
    subscription.disabled_at = None
    subscription.disabled_reason = ""
    subscription.consecutive_failures = 0
    subscription.save(
        update_fields=[
            "is_active",
            "disabled_at",
            "disabled_reason",
            "consecutive_failures",
            "updated_at",
        ]
    )


# --- Dispatch: from the outbox to deliveries ---------------------------------------------------


def dispatch_event(*, event_id: str) -> list[int]:
    """Create the deliveries of one event; returns their ids. Safe to call more than once."""
    with transaction.atomic():
        event = (
            DomainEvent.objects.select_for_update(skip_locked=True)
            .filter(pk=event_id, dispatched_at__isnull=True)
            .first()
        )
        if event is None:
            return []  # already dispatched, or another worker holds it
        subscriptions = WebhookSubscription.objects.filter(
            workspace_id=event.workspace_id, is_active=True
        )
        delivery_ids = []
        for subscription in subscriptions:
            if not subscription.wants(event.type):
                continue
            delivery, _ = WebhookDelivery.objects.get_or_create(
                event=event,
                subscription=subscription,
                defaults={"workspace_id": event.workspace_id, "next_attempt_at": timezone.now()},
            )
            delivery_ids.append(delivery.pk)
        event.dispatched_at = timezone.now()
        event.save(update_fields=["dispatched_at"])
        transaction.on_commit(lambda: [_enqueue_delivery(pk) for pk in delivery_ids])
    return delivery_ids


def _enqueue_delivery(delivery_id: int, countdown: int | None = None) -> None:
    from ..tasks import deliver_webhook

    if settings.CELERY_TASK_ALWAYS_EAGER and countdown:
        return  # in-process jobs cannot wait; the periodic sweep retries when it is due
    try:
        deliver_webhook.apply_async(args=[delivery_id], countdown=countdown)
    except Exception:  # the broker is down: the periodic sweep will pick it up
        logger.warning("webhooks.enqueue_failed", extra={"delivery_id": delivery_id})


# --- Delivery ----------------------------------------------------------------------------------


def _claim(delivery_id: int) -> WebhookDelivery | None:
    """Take the delivery for this worker if it is due and nobody else holds it."""
    now = timezone.now()
    claimed = (
        WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + LEASE)
    )
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("subscription", "event").get(pk=delivery_id)


def delivery_headers(delivery: WebhookDelivery, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "X-SimplyCRM-Event-Id": str(delivery.event_id),
        "X-SimplyCRM-Event-Type": delivery.event.type,
        "X-SimplyCRM-Delivery-Id": str(delivery.pk),
        "X-SimplyCRM-Timestamp": str(timestamp),
        "X-SimplyCRM-Signature": signature_header(
            delivery.subscription.signing_secrets(), timestamp, body
        ),
    }


def deliver(*, delivery_id: int) -> WebhookDelivery | None:
    """Make one attempt at a delivery and schedule the next on failure."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    subscription = delivery.subscription
    if not subscription.is_active:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(lease_until=None)
        return delivery

    payload = delivery.event.as_payload()
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(timezone.now().timestamp())
    result = post_json(subscription.url, body, delivery_headers(delivery, body, timestamp))

    with transaction.atomic():
        IntegrationLog.objects.create(
            workspace_id=delivery.workspace_id,
            kind=LogKind.WEBHOOK_DELIVERY,
            status=LogStatus.SUCCEEDED if result.ok else LogStatus.FAILED,
            subscription=subscription,
            delivery=delivery,
            target=subscription.url,
            request_payload=payload,
            response_code=result.status,
            response_excerpt=result.excerpt,
            error=result.error,
            duration_ms=result.duration_ms,
        )
        delivery.attempts += 1
        delivery.last_response_code = result.status
        delivery.last_error = result.error or ("" if result.ok else f"HTTP {result.status}")
        delivery.lease_until = None
        if result.ok:
            _record_success(delivery, subscription)
        else:
            _record_failure(delivery, subscription)
        delivery.save()

    logger.info(
        "webhooks.attempt",
        extra={
            "workspace_id": delivery.workspace_id,
            "delivery_id": delivery.pk,
            "event_id": str(delivery.event_id),
            "status_code": result.status,
            "ok": result.ok,
            "attempt": delivery.attempts,
            "duration_ms": result.duration_ms,
        },
    )
    return delivery


def _record_success(delivery: WebhookDelivery, subscription: WebhookSubscription) -> None:
    delivery.status = DeliveryStatus.SUCCEEDED
    delivery.delivered_at = timezone.now()
    delivery.next_attempt_at = None
    if subscription.consecutive_failures:
        WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0)


def _record_failure(delivery: WebhookDelivery, subscription: WebhookSubscription) -> None:
    delays = settings.WEBHOOK_RETRY_DELAYS
    if delivery.attempts > len(delays):
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delay = delays[delivery.attempts - 1]
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        transaction.on_commit(lambda: _enqueue_delivery(delivery.pk, countdown=delay))

    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    subscription.refresh_from_db(fields=["consecutive_failures", "is_active"])
    if subscription.is_active and (
        subscription.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER_FAILURES
    ):
        _disable(subscription)


def _disable(subscription: WebhookSubscription) -> None:
    reason = f"Disabled after {subscription.consecutive_failures} consecutive failed attempts."
    subscription.is_active = False
    subscription.disabled_at = timezone.now()
    subscription.disabled_reason = reason
    subscription.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    emit_event(
        workspace=subscription.workspace_id,
        type="webhook_subscription.disabled",
        data={"object": {"id": subscription.pk, "url": subscription.url, "reason": reason}},
    )
    recipients = list(
        Membership.objects.filter(
            workspace_id=subscription.workspace_id, role__in=[Role.OWNER, Role.ADMIN]
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if recipients:
        transaction.on_commit(
            lambda: send_mail(
                subject="SimplyCRM: a webhook subscription was disabled",
                message=f"Deliveries to {subscription.url} kept failing. {reason} "
                "Fix the receiver, then enable the subscription again.",
                from_email=None,
                recipient_list=recipients,
                fail_silently=True,
            )
        )
    logger.warning(
        "webhooks.subscription_disabled",
        extra={"workspace_id": subscription.workspace_id, "subscription_id": subscription.pk},
    )


def delivery_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again from scratch, whatever its outcome so far."""
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.lease_until = None
    delivery.save(
        update_fields=["status", "attempts", "next_attempt_at", "lease_until", "updated_at"]
    )
    transaction.on_commit(lambda: _enqueue_delivery(delivery.pk))
    return delivery


def subscription_send_test(*, subscription: WebhookSubscription) -> WebhookDelivery:
    """Send a sample `webhook.test` event to this subscription only."""
    event = DomainEvent.objects.create(
        workspace_id=subscription.workspace_id,
        type="webhook.test",
        data={"object": {"subscription_id": subscription.pk, "message": "Hello from SimplyCRM."}},
        dispatched_at=timezone.now(),
    )
    delivery = WebhookDelivery.objects.create(
        workspace_id=subscription.workspace_id,
        subscription=subscription,
        event=event,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue_delivery(delivery.pk))
    return delivery


# --- Sweeps: what a dead worker or a down broker left behind ---------------------------------


def dispatch_pending(*, older_than: timedelta = timedelta(seconds=30)) -> int:
    cutoff = timezone.now() - older_than
    pending = DomainEvent.objects.filter(dispatched_at__isnull=True, created_at__lte=cutoff)
    count = 0
    for event_id in pending.values_list("pk", flat=True)[:1000]:
        dispatch_event(event_id=event_id)
        count += 1
    return count


def retry_due(*, limit: int = 500) -> int:
    now = timezone.now()
    due = (
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .values_list("pk", flat=True)[:limit]
    )
    delivery_ids = list(due)
    for delivery_id in delivery_ids:
        _enqueue_delivery(delivery_id)
    return len(delivery_ids)
