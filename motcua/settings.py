"""Django settings, read from environment variables (see README "Configuration")."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from motcua.core.env import env_bool, env_int, env_list, env_str
from motcua.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

DEBUG = env_bool("DEBUG", False)
# The signing key of sessions, CSRF tokens and links. From SECRET_KEY; else from the file
# SECRET_KEY_FILE (`make install` writes a random one into var/secret_key on a new
# machine); else, only with DEBUG=1, a public development key. Without DEBUG and without
# a key the system refuses to start: a public key would let anyone forge sessions.
_DEVELOPMENT_KEY = "motcua-insecure-development-key-change-me-in-production"
SECRET_KEY_FILE = Path(env_str("SECRET_KEY_FILE", str(PROJECT_DIR / "var" / "secret_key")))
SECRET_KEY = env_str("SECRET_KEY", "").strip()
if not SECRET_KEY and SECRET_KEY_FILE.is_file():
    SECRET_KEY = SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set and DEBUG is off: refusing to start with a public key. "
            "Set SECRET_KEY (e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
            f" or put one in {SECRET_KEY_FILE} (`make install` writes one), "
            "or set DEBUG=1 on a development machine."
        )
    SECRET_KEY = _DEVELOPMENT_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "motcua.core",
    "motcua.org",
    "motcua.workcalendar",
    "motcua.procedures",
    "motcua.dossiers",
    "motcua.accounts",
    "motcua.portal",
    "motcua.payments",
    "motcua.digitisation",
    "motcua.surveys",
    "motcua.feedback",
    "motcua.interchange",
    "motcua.indicators",
    "motcua.reports",
    "motcua.integrations",
    "motcua.directives",
    "motcua.parindex",
    "motcua.demo",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "axes",
]

MIDDLEWARE = [
    "motcua.core.middleware.RequestLogMiddleware",
    # Inside the request log only: turns every error under /api/ into the API's JSON shape.
    "motcua.core.apierrors.ApiErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "motcua.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "motcua.org.middleware.PinMembershipsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
                "motcua.dossiers.context_processors.workspace",
                "motcua.accounts.context_processors.oidc",
            ],
        },
    },
]

# Database: embedded SQLite by default, PostgreSQL (or any URL dj-database-url understands)
# with one variable, DATABASE_URL. SQLite is tuned the Healthchecks way: IMMEDIATE
# transactions so writers queue instead of failing, and a busy timeout.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    # Persistent connections (seconds); 0 closes each request's connection.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(PROJECT_DIR / "var" / "motcua.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
# A read replica (PostgreSQL streaming replication) for the dashboards and exports:
# DATABASE_REPLICA_URL adds the "replica" alias; only the views marked with
# motcua.core.replica.reads_from_replica read there, everything else (and every write) uses
# "default" (docs/deploy.md, "Read replica").
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
    # Tests run against the primary's test database through this alias.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
READ_REPLICA_ALIAS = "replica" if DATABASE_REPLICA_URL else ""
DATABASE_ROUTERS = ["motcua.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Sign in with the username (ModelBackend, which also answers permission checks), or with
# an email address or mobile number (docs/accounts.md).
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in while the account or address is locked out (django-axes).
    "motcua.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "motcua.accounts.backends.EmailOrPhoneBackend",
]

# Wrong passwords on /login/ and /admin/login/ (django-axes, database handler): after
# LOGIN_FAILURE_LIMIT failures in a row the account name (typed identifier) and the address
# are each locked out for LOGIN_COOLOFF_MINUTES; a successful sign-in resets the count. An
# administrator unlocks at once: `motcua axes_reset_username <name>`, `motcua
# axes_reset_ip <address>`, or by deleting the "Access attempts" rows in /admin/.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = env_list("LOGIN_LOCKOUT_BY", ["username", "ip_address"])
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "motcua.core.ratelimit.client_address"
# One line per failure, not per success: the audit of sign-ins stays small.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Sign-in through an OpenID Connect provider (the national identity service VNeID speaks
# OIDC); switched off while OIDC_ISSUER is empty. Discovery at
# {OIDC_ISSUER}/.well-known/openid-configuration. See docs/accounts.md.
OIDC_ISSUER = env_str("OIDC_ISSUER", "")
OIDC_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = env_str("OIDC_SCOPES", "openid profile email phone")
# Label of the sign-in button ("Đăng nhập bằng tài khoản định danh điện tử (VNeID)").
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "VNeID")
# Name of the claim carrying the 12-digit personal identification number.
OIDC_ID_NUMBER_CLAIM = env_str("OIDC_ID_NUMBER_CLAIM", "citizen_id")
# The callback address registered with the provider; empty: built from the request
# (https://<host>/accounts/oidc/callback/ — behind a proxy, set SECURE_PROXY_SSL_HEADER).
OIDC_REDIRECT_URI = env_str("OIDC_REDIRECT_URI", "")
# Seconds to wait for the provider before showing the "try again later" page.
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)

# Vietnamese first; user-facing strings go through gettext so an English catalogue can follow.
LANGUAGE_CODE = "vi"
# Only Vietnamese until an English catalogue exists: otherwise LocaleMiddleware would pick
# "en" for English-language browsers and mix Django's English strings into the pages.
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "var" / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(PROJECT_DIR / "var" / "media")))
# Files (scans, results, forms): local disk by default, written atomically; an
# S3-compatible object store (MinIO, Ceph, AWS...) with STORAGE_BACKEND=s3 and the S3_*
# variables (docs/digitisation.md). Dossier files are content-addressed on top of either.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "disk")
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", "motcua"),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "location": env_str("S3_PREFIX", ""),
            "addressing_style": env_str("S3_ADDRESSING_STYLE", "") or None,
            # Dossier files are private: served through permission-checked views only.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "motcua.integrations.storage.AtomicFileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# WhiteNoise serves the app directories through the finders; it only needs this folder to
# exist (it is filled by `collectstatic` in production).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS (README "Deployment"): off by default so that `make run` works on plain HTTP;
# a production site behind TLS sets SECURE_SSL_REDIRECT=1, SECURE_COOKIES=1 and
# SECURE_HSTS_SECONDS (e.g. 31536000). Behind a proxy that terminates TLS,
# SECURE_PROXY_SSL_HEADER=1 trusts its X-Forwarded-Proto header.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The redirect to HTTPS spares the health check of a load balancer, if it has a path.
SECURE_REDIRECT_EXEMPT = env_list("SECURE_REDIRECT_EXEMPT", [])
# Content-Security-Policy of every response (motcua.core.csp): scripts only
# from this site (inline ones carry the request's nonce), no plugins, no framing.
# CSP_REPORT_ONLY=1 sends it as Content-Security-Policy-Report-Only to try a change.
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "motcua@localhost")
# Text messages to applicants (motcua.integrations.senders): the dotted path of the sender
# class of each channel; the console sender only logs; an empty value switches it off.
SMS_SENDER = env_str("SMS_SENDER", "motcua.integrations.senders.ConsoleSender")
ZALO_SENDER = env_str("ZALO_SENDER", "motcua.integrations.senders.ConsoleSender")

# Background work (deadline sweeps, notifications) through Django's tasks API: the
# database-backed worker by default (`motcua db_worker`); TASKS_BACKEND may name another
# backend, e.g. django_tasks.backends.immediate.ImmediateBackend to run inline.
# Where one machine is not enough: TASKS_BACKEND=django_tasks_rq.RQBackend puts the work on
# Redis (REDIS_URL) for any number of `motcua rqworker default` processes.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Notifications (e-mail, SMS, Zalo) go through these tasks: the backend alias they use,
# and the seconds to wait before each new attempt after a failure (then the message is kept
# as failed for the administrator: motcua.integrations.tasks).
NOTIFY_TASK_BACKEND = env_str("NOTIFY_TASK_BACKEND", "default")
NOTIFY_RETRY_SECONDS = env_str("NOTIFY_RETRY_SECONDS", "30,120,600,3600")
# Warn the holder of a step (and the unit head) this many working hours before it is due.
DEADLINE_WARNING_HOURS = env_int("DEADLINE_WARNING_HOURS", 4)
# Tasks whose deadline is this many days away or fewer count as "due soon" and are reminded.
TASK_DUE_SOON_DAYS = env_int("TASK_DUE_SOON_DAYS", 7)
# Remind the unit head of dossiers that will need an apology letter when this many working
# hours are left (the letter is due at least one working day before the deadline).
APOLOGY_REMINDER_HOURS = env_int("APOLOGY_REMINDER_HOURS", 16)
# The apology's new appointment lies at most this many working days beyond the current due
# time; 0: as many as the procedure's legal time limit (docs/dossiers.md).
APOLOGY_MAX_EXTENSION_DAYS = env_int("APOLOGY_MAX_EXTENSION_DAYS", 0)
# Online submissions waiting longer than this for reception are flagged (seed 003: never
# more than 8 working hours).
ONLINE_RECEPTION_LIMIT_HOURS = env_int("ONLINE_RECEPTION_LIMIT_HOURS", 8)
# Indicators: units with fewer settled dossiers in the period are not ranked; the public
# summary page of the province's figures is off unless switched on.
INDICATORS_RANKING_MIN_DOSSIERS = env_int("INDICATORS_RANKING_MIN_DOSSIERS", 30)
INDICATORS_PUBLIC = env_bool("INDICATORS_PUBLIC", False)
# When a changed dossier's summary row is refreshed (motcua.indicators.receivers):
# "after_commit" (the default) in the request, right after its commit, so the dashboards
# follow at once; "worker" on the background worker, at most every
# INDICATORS_REFRESH_SECONDS for all the dossiers marked in between — the request writes
# only the stale mark (what a province's intake peak needs; docs/performance.md).
INDICATORS_REFRESH = env_str("INDICATORS_REFRESH", "after_commit")
INDICATORS_REFRESH_SECONDS = env_int("INDICATORS_REFRESH_SECONDS", 2)
if INDICATORS_REFRESH not in ("after_commit", "worker"):
    raise ImproperlyConfigured(
        f"INDICATORS_REFRESH={INDICATORS_REFRESH!r}: expected 'after_commit' or 'worker'"
    )
# Dossiers of history the demo imports (None: the demo profile's number, some 24,000).
DEMO_HISTORY_DOSSIERS = env_int("DEMO_HISTORY_DOSSIERS", -1)
if DEMO_HISTORY_DOSSIERS < 0:
    DEMO_HISTORY_DOSSIERS = None
# Folder where an administrator puts replacement form templates (DOCX/HTML); shipped
# templates are used for any form not found there.
FORM_TEMPLATES_DIR = env_str("FORM_TEMPLATES_DIR", str(PROJECT_DIR / "var" / "form-templates"))
# Forms of Thông tư 03/2025/TT-VPCP for dossiers received from this date on, those of
# Thông tư 01/2018/TT-VPCP before it (docs/forms.md). The default is the circular's date,
# from which secondary sources apply its forms: data to correct, not law.
FORM_FRAME_2025_FROM = env_str("FORM_FRAME_2025_FROM", "2025-09-15")
# Public address used in QR codes of receipts (the lookup page) and in links sent out.
# Empty: the address the request came in on (the host and port the site is served on).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "")

# Online payment (docs/payments.md). PAYMENT_GATEWAY: "sandbox" (built in, VNPay's protocol
# played by this site), "vnpay", or the dotted path of an adapter class.
PAYMENT_GATEWAY = env_str("PAYMENT_GATEWAY", "sandbox")
# Minutes a payment link stays valid (VNPay's vnp_ExpireDate; VNPay suggests 15).
PAYMENT_ORDER_TTL_MINUTES = env_int("PAYMENT_ORDER_TTL_MINUTES", 15)
# The sandbox's terminal code and hash secret; the development default is public, so
# `manage.py check --deploy` warns about it (payments.W001).
PAYMENT_SANDBOX_TMN_CODE = env_str("PAYMENT_SANDBOX_TMN_CODE", "MOTCUA01")
PAYMENT_SANDBOX_SECRET = env_str(
    "PAYMENT_SANDBOX_SECRET", "motcua-sandbox-secret-khong-dung-cho-san-xuat"
)
# Where the sandbox sends its server-to-server IPN (a real HTTP GET to {base}/payments/ipn/),
# and how long it waits for the answer (seconds).
PAYMENT_IPN_BASE_URL = env_str("PAYMENT_IPN_BASE_URL", PUBLIC_BASE_URL)
PAYMENT_SANDBOX_IPN_TIMEOUT = env_int("PAYMENT_SANDBOX_IPN_TIMEOUT", 5)
# The real VNPay: the payment page address, the terminal code and hash secret VNPay issues.
PAYMENT_VNPAY_URL = env_str(
    "PAYMENT_VNPAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
)
PAYMENT_VNPAY_TMN_CODE = env_str("PAYMENT_VNPAY_TMN_CODE", "")
PAYMENT_VNPAY_SECRET = env_str("PAYMENT_VNPAY_SECRET", "")

# Signed electronic results (docs/digitisation.md): keys and certificates per unit in
# SIGNING_DIR (`motcua create_signing_ca` makes a local test CA there for the demo), or on
# a PKCS#11 token; never in the repository.
SIGNING_DIR = env_str("SIGNING_DIR", str(PROJECT_DIR / "var" / "signing"))
SIGNING_KEY_PASSPHRASE = env_str("SIGNING_KEY_PASSPHRASE", "")
# Extra trusted CA certificates (PEM or DER paths), comma-separated.
SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS", [])
SIGNING_PKCS11_MODULE = env_str("SIGNING_PKCS11_MODULE", "")
SIGNING_PKCS11_TOKEN = env_str("SIGNING_PKCS11_TOKEN", "")
SIGNING_PKCS11_PIN = env_str("SIGNING_PKCS11_PIN", "")
SIGNING_PKCS11_KEY_LABEL = env_str("SIGNING_PKCS11_KEY_LABEL", "")
# Public dossier lookup: tries per address and minute (code plus mã tra cứu).
LOOKUP_RATE_LIMIT = env_int("LOOKUP_RATE_LIMIT", 30)
# Public verification of results: uploads per address and minute.
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 20)
# Feedback (docs/feedback.md): submissions per address and hour from the portal and the
# public API; warn this many working hours before a handling step is due.
FEEDBACK_RATE_LIMIT = env_int("FEEDBACK_RATE_LIMIT", 10)
FEEDBACK_WARNING_HOURS = env_int("FEEDBACK_WARNING_HOURS", 8)
# Most page images the desk may assemble into one scanned document.
SCAN_MAX_PAGES = env_int("SCAN_MAX_PAGES", 50)

# Name of the deployment shown in the header (e.g. "Tỉnh Khánh Hòa").
SITE_NAME = env_str("SITE_NAME", "Hệ thống thông tin giải quyết TTHC")
# Largest XLSX catalogue accepted by the import page, in megabytes.
CATALOGUE_IMPORT_MAX_MB = env_int("CATALOGUE_IMPORT_MAX_MB", 10)
# Largest file a citizen may upload per document when filing online, in megabytes.
PORTAL_MAX_UPLOAD_MB = env_int("PORTAL_MAX_UPLOAD_MB", 10)

# Cache: in-process by default; CACHE_URL=redis://… shares it between web workers, which
# the rate limits (motcua.core.ratelimit) need once there is more than one process.
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
RATELIMIT_CACHE = "default"
# An API token's "last used" time is written at most once per this many minutes (not on
# every request: motcua.org.tokens).
API_TOKEN_TOUCH_MINUTES = env_int("API_TOKEN_TOUCH_MINUTES", 5)
# Each process caches the working calendars it built; it checks at most this often whether
# another process changed a calendar (motcua.workcalendar.services).
CALENDAR_STAMP_SECONDS = env_int("CALENDAR_STAMP_SECONDS", 2)
# Behind a reverse proxy that sets X-Forwarded-For, take the client address from it.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
# Behind nginx terminating HTTPS (docs/deploy.md): trust its X-Forwarded-Proto, so that
# request.is_secure() and the addresses built from the request (OIDC callback) say https;
# SECURE_COOKIES=1 sends the session and CSRF cookies over HTTPS only.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)

# Logs on standard output: LOG_FORMAT=json writes one JSON object per line (production,
# read by journald), "text" plain lines; every request adds one line with its id, method,
# path, status, duration and user id (motcua.core.middleware, docs/deploy.md).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = logging_config(LOG_FORMAT, env_str("LOG_LEVEL", "INFO"))
