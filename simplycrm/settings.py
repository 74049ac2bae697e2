"""Django settings for SimplyCRM, read from environment variables.

With nothing set (and DEBUG=1, as `make run` does) the server runs on an embedded SQLite file,
an in-process cache and in-process background jobs. Production sets DATABASE_URL, REDIS_URL,
CELERY_BROKER_URL and SECRET_KEY; the README lists every variable with its default.
"""

import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)

# The development key is only accepted while DEBUG is on; production must bring its own.
_DEV_SECRET_KEY = "django-insecure-simplycrm-development-key-never-use-in-production"  # noqa: S105 (refused unless DEBUG)
SECRET_KEY = env_str("SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if not DEBUG and (
    SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5 or len(SECRET_KEY) < 50
):
    raise ImproperlyConfigured(
        "SECRET_KEY is insecure: use at least 50 random characters, not a django-insecure key."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_ratelimit",
    "accounts",
    "catalog",
    "sales",
    "analytics",
    "automation",
    "integrations",
    "assistant",
]

MIDDLEWARE = [
    "simplycrm.api.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves the admin's and Swagger UI's static files from the app itself: no CDN, no nginx.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "simplycrm.urls"
WSGI_APPLICATION = "simplycrm.wsgi.application"
ASGI_APPLICATION = "simplycrm.asgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Each request runs in one transaction: a request that fails leaves nothing half-written.
DATABASES["default"]["ATOMIC_REQUESTS"] = True

# --- Cache and rate limits ------------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "simplycrm",
        }
    }
else:
    # One process, one count: fine for the embedded set-up, not for several gunicorn workers.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SILENCED_SYSTEM_CHECKS = [] if REDIS_URL else ["django_ratelimit.E003", "django_ratelimit.W001"]

RATELIMIT_USE_CACHE = "default"
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# Requests a minute per credential, by plan; a workspace's custom quota overrides its plan's.
PLAN_API_QUOTAS = {
    "free": env_int("QUOTA_FREE_PER_MINUTE", 60),
    "pro": env_int("QUOTA_PRO_PER_MINUTE", 600),
    "enterprise": env_int("QUOTA_ENTERPRISE_PER_MINUTE", 3000),
}
# Requests a minute per client IP without a credential, and (a separate, higher bound) with one.
ANONYMOUS_IP_QUOTA_PER_MINUTE = env_int("ANONYMOUS_IP_QUOTA_PER_MINUTE", 60)
AUTHENTICATED_IP_QUOTA_PER_MINUTE = env_int("AUTHENTICATED_IP_QUOTA_PER_MINUTE", 10000)
# Login attempts (POST /api/auth/token/) per client IP and per username, as django-ratelimit rates.
LOGIN_RATE_PER_IP = env_str("LOGIN_RATE_PER_IP", "30/m")
LOGIN_RATE_PER_USERNAME = env_str("LOGIN_RATE_PER_USERNAME", "10/5m")
# How many reverse proxies in front of the server append to X-Forwarded-For; 0 trusts none.
NUM_PROXIES = env_int("NUM_PROXIES", 0)

# --- Credentials ----------------------------------------------------------------------------

# Personal tokens expire after this many days; workspace API keys do not expire unless asked.
PERSONAL_TOKEN_TTL = timedelta(days=env_int("PERSONAL_TOKEN_TTL_DAYS", 30))
# Key for the keyed hash that stores tokens. Changing it invalidates every issued token.
TOKEN_HASH_KEY = env_str("TOKEN_HASH_KEY", SECRET_KEY)
# A token's last-used time is written at most this often, so reads stay free of writes.
TOKEN_LAST_USED_RESOLUTION = timedelta(seconds=env_int("TOKEN_LAST_USED_RESOLUTION_SECONDS", 60))

# --- Integrations ---------------------------------------------------------------------------

# Key for connector credentials and webhook secrets at rest; set once and keep it.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY", SECRET_KEY)
# Development only: let webhook targets and connector URLs resolve to loopback/private addresses.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
WEBHOOK_CONNECT_TIMEOUT_SECONDS = float(env_int("WEBHOOK_CONNECT_TIMEOUT_SECONDS", 3))
WEBHOOK_READ_TIMEOUT_SECONDS = float(env_int("WEBHOOK_READ_TIMEOUT_SECONDS", 5))
# Seconds to wait before each retry of a failed delivery; after the last one it is given up.
WEBHOOK_RETRY_DELAYS = [30, 120, 600, 1800, 3600, 7200, 14400, 28800]
# Consecutive failed attempts after which a subscription is disabled and its workspace told.
WEBHOOK_DISABLE_AFTER_FAILURES = env_int("WEBHOOK_DISABLE_AFTER_FAILURES", 20)
# Longest grace period a secret rotation may ask for, and the default one.
WEBHOOK_MAX_GRACE_PERIOD_SECONDS = 7 * 24 * 3600
WEBHOOK_DEFAULT_GRACE_PERIOD_SECONDS = 24 * 3600
INTEGRATION_LOG_EXCERPT_BYTES = 2048
IMPORT_MAX_FILE_BYTES = env_int("IMPORT_MAX_FILE_BYTES", 20 * 1024 * 1024)
# An XLSX is a zip: refuse one whose contents would expand beyond this.
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 500_000)
IMPORT_BATCH_SIZE = 500
IMPORT_MAX_REPORTED_ERRORS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Largest file attached to a deal, contact or company.
SALES_FILE_MAX_BYTES = env_int("SALES_FILE_MAX_BYTES", 10 * 1024 * 1024)
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SimplyCRM <no-reply@localhost>")

# --- Celery ---------------------------------------------------------------------------------

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND")
# Without a broker, jobs run in-process at the moment they are queued.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL is None)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600)
CELERY_BEAT_SCHEDULE = {
    "dispatch-pending-events": {
        "task": "integrations.tasks.dispatch_pending_events",
        "schedule": timedelta(minutes=1),
    },
    "retry-due-deliveries": {
        "task": "integrations.tasks.retry_due_deliveries",
        "schedule": timedelta(minutes=1),
    },
    "purge-expired-credentials": {
        "task": "accounts.tasks.purge_expired_tokens",
        "schedule": timedelta(hours=6),
    },
}

# --- Security -------------------------------------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^api/health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"

# Bodies larger than this are refused with a 400 before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BODY_BYTES", 2 * 1024 * 1024)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation and files ---------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Without collectstatic (development, tests) files are found in the apps directly, and the
# missing STATIC_ROOT is expected rather than worth a warning.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# --- REST framework and OpenAPI -------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.permissions.IsAuthenticatedCredential"],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.throttling.PlanQuotaThrottle"],
    "DEFAULT_PARSER_CLASSES": [
        "simplycrm.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "simplycrm.api.pagination.CreatedCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "EXCEPTION_HANDLER": "simplycrm.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "simplycrm.api.schema.SimplyCRMAutoSchema",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "SimplyCRM API",
    "DESCRIPTION": (
        "Multi-tenant CRM API. Authenticate with `Authorization: Token <value>` using a personal "
        "token from `POST /api/auth/token/` or a workspace API key. Every operation states the "
        "plan, feature flag and API-key scope it needs."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "TokenAuth": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "`Token <value>` (or `Bearer <value>`): a personal token or a "
                "workspace API key.",
            }
        }
    },
    "SECURITY": [{"TokenAuth": []}],
    # Several models have a `status` or `kind`; give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "ProductStatusEnum": "catalog.models.products.ProductStatus",
        "MovementKindEnum": "catalog.models.inventory.MovementKind",
        # A deal's status and a stage's kind share one set: open, won, lost.
        "DealOutcomeEnum": "sales.models.deals.DealStatus",
        "ActivityKindEnum": "sales.models.records.ActivityKind",
        "OrderStatusEnum": "sales.models.orders.OrderStatus",
        "InvoiceStatusEnum": "sales.models.orders.InvoiceStatus",
        "DeliveryStatusEnum": "integrations.models.webhooks.DeliveryStatus",
        "ConnectionKindEnum": "integrations.models.connections.ConnectionKind",
        "ConnectionStatusEnum": "integrations.models.connections.ConnectionStatus",
        "ImportStatusEnum": "integrations.models.imports.ImportStatus",
        "LogKindEnum": "integrations.models.logs.LogKind",
        "LogStatusEnum": "integrations.models.logs.LogStatus",
    },
    "AUTHENTICATION_WHITELIST": [],
}

# --- Logging --------------------------------------------------------------------------------

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "simplycrm.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"()": "simplycrm.logging.KeyValueFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # One line per task run is noise next to the task's own structured events.
        "celery.app.trace": {"level": "WARNING"},
    },
}
