"""Review Desk settings: one module, driven by environment variables.

With no variables set it runs the demo on an embedded SQLite file. Production is
``REVIEW_DESK_ENV=production`` with ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``.
"""

import os
from ipaddress import ip_network
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_count(name: str, default: int) -> int:
    """A whole number of at least 1, or a message that says what is wrong with it."""
    text = os.environ.get(name, str(default)).strip()
    if not text.isdigit() or int(text) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least 1, not {text!r}.")
    return int(text)


def env_networks(name: str) -> list[str]:
    """Addresses and networks (CIDR), comma-separated; a name or a typo stops the server starting."""
    entries = env_list(name)
    for entry in entries:
        try:
            ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.0/8, separated by "
                f"commas; {entry!r} is neither.") from None
    return entries


PRODUCTION = os.environ.get("REVIEW_DESK_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]  # no default: a production server must be given one
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "reviewdesk.accounts.admin_site.AdminConfig",  # the Django admin, signing in through the app
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks_db",
    "reviewdesk.audit",
    "reviewdesk.accounts",
    "reviewdesk.reviews",
    "reviewdesk.notices",
    "reviewdesk.parallel",
    "reviewdesk.decisions",
    "reviewdesk.rapid_review",
    "reviewdesk.commissioning",
    "reviewdesk.staff",
    "reviewdesk.meetings",
    "reviewdesk.informing",
    "reviewdesk.conversations",
    "reviewdesk.support",
    "reviewdesk.reports",
    "reviewdesk.comments",
    "reviewdesk.checklist",
    "reviewdesk.signoff",
    "reviewdesk.final_report",
    "reviewdesk.publication",
    "reviewdesk.holds",
    "reviewdesk.on_request",
    "reviewdesk.copies",
    "reviewdesk.public_site",
    "reviewdesk.action_plan",
    "reviewdesk.findings",
    "reviewdesk.progress",
    "reviewdesk.statement",
    "reviewdesk.briefings",
    "reviewdesk.learning",
    "reviewdesk.chronology",
    "reviewdesk.backups",
    "reviewdesk.retention",
    "reviewdesk.family",
    "reviewdesk.guide",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Right after static files: every other response, whoever sends it, is never stored.
    "reviewdesk.middleware.NoStoreMiddleware",
    # Before anything reads the address: a NUL in it is a bad request, not a database error.
    "reviewdesk.middleware.refuse_null_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "reviewdesk.accounts.middleware.TwoFactorMiddleware",
    # Who is acting and from where, for every audit event the request records.
    "reviewdesk.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Pages that show identities write a read event (docs/decisions/0024).
    "reviewdesk.reads.ReadAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # With DEBUG on, the ordinary 404 page, not Django's list of every URL.
    "reviewdesk.errors.ordinary_not_found",
    # A file the storage cannot take (a full disk): a page saying nothing was saved, not a 500.
    "reviewdesk.errors.StorageFailureMiddleware",
    # Axes last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reviewdesk.urls"
WSGI_APPLICATION = "reviewdesk.wsgi.application"

# A variable missing in one of our page templates raises when this is on (the tests turn it on:
# template errors must never reach a page); otherwise it renders as nothing and is logged.
STRICT_TEMPLATES = env_bool("STRICT_TEMPLATES")

TEMPLATES = [
    {
        # Pages: Jinja2 with the GOV.UK Frontend macros from govuk-frontend-jinja.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "reviewdesk" / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "reviewdesk.jinja.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
                "reviewdesk.context.navigation",
                "reviewdesk.context.govuk_template",
            ],
        },
    },
    {
        # Django's own admin and e-mail bodies keep the Django template engine.
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, so two requests can never fork the audit chain.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "reviews:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 7  # an invitation link lasts a week

# Two-factor: required in production; in the demo a person may still choose to set it up.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = "Review Desk"

# Lockout after repeated failed sign-ins: wrong passwords and wrong two-factor codes alike, on
# every way in (the sign-in, the two-factor step, the set-password link; the admin has no sign-in
# of its own). See reviewdesk/accounts/lockout.py and docs/decisions/0019.
AXES_FAILURE_LIMIT = env_count("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
# Lock the e-mail address from the address it was tried from: a typo-prone colleague at the
# next desk is not locked out, and guessing one person's password is stopped.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = None
AXES_LOCKOUT_CALLABLE = "reviewdesk.accounts.views.locked_out"
# The count is cleared when a sign-in is complete (after the two-factor code, for those who have
# one), not when the password alone is right: see lockout.signed_in.
AXES_RESET_ON_SUCCESS = False
AXES_HANDLER = "reviewdesk.accounts.lockout.SignInHandler"
AXES_CLIENT_IP_CALLABLE = "reviewdesk.client_address.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one row per failure: what the address limit counts
# One address trying many e-mail addresses (password spraying): this many failed sign-ins from
# one address within the window lock that address, whoever it tries. Set well above what a
# shared office's typos come to.
SIGN_IN_IP_LIMIT = env_count("SIGN_IN_IP_LIMIT", 50)
SIGN_IN_IP_WINDOW_MINUTES = env_count("SIGN_IN_IP_WINDOW_MINUTES", 15)
# The reverse proxies in front of the app (addresses or networks, comma-separated). Only a request
# from one of them has its X-Forwarded-For read for the client's address; see client_address.py.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

# Two queues, one worker each (`make run`; in production run both): "heavy" for draft scans and
# chronology checks, which can hold a worker for many seconds, and "default" for e-mails, notices
# and reminders, which must never wait behind them (docs/decisions/0020).
TASK_QUEUES = ["default", "heavy"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    }
}

# A background job (a publication check, a chronology check) holds a lease while it runs and
# renews it as it reports progress; a job whose lease has run out has lost its worker.
# `manage.py recover_jobs` runs it again once, then marks it failed (docs/decisions/0020).
JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", "300"))

# The longest draft a publication check takes, in words: a 200,000-word draft is several times
# the longest review report, and scans in seconds (docs/decisions/0020).
DRAFT_MAX_WORDS = int(os.environ.get("DRAFT_MAX_WORDS", "200000"))

# Outbound e-mail: a file per message under var/mail in development, SMTP in production
# (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS).
if PRODUCTION or os.environ.get("EMAIL_HOST"):
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
        },
    }
else:
    _mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))},
    }
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Review Desk <no-reply@reviewdesk.invalid>")
# Where Review Desk is served: the start of every link in e-mails and notices (`make run` sets it
# from its PORT).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- The audit trail's keys and checkpoints (docs/decisions/0021) -----------------------------
# AUDIT_KEYS="k2:SECRET,k1:OLDER-SECRET": HMAC keys kept outside the database, newest first. The
# first signs new events and checkpoints; the others are kept only to verify what they signed, so
# rotating is putting a new key first. The demo and the tests use a key derived from SECRET_KEY;
# production refuses to start without its own keys, because anyone who can read the settings
# module's source could otherwise rewrite the trail.
def _audit_keys(value: str) -> list[tuple[str, str]]:
    import re

    from django.core.exceptions import ImproperlyConfigured

    keys = []
    for item in filter(None, (item.strip() for item in value.split(","))):
        key_id, _, secret = item.partition(":")
        if not secret or not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", key_id):
            raise ImproperlyConfigured(
                "AUDIT_KEYS must be a comma-separated list of KEY_ID:SECRET (e.g. "
                "'k2:<a long random secret>,k1:<the previous one>'), with key ids of up to 40 "
                "letters, digits, '-' and '_'.")
        if PRODUCTION and len(secret) < 32:
            raise ImproperlyConfigured(
                f"The audit key '{key_id}' in AUDIT_KEYS is too short: give it at least 32 random "
                "characters (python -c 'import secrets; print(secrets.token_urlsafe(48))').")
        keys.append((key_id, secret))
    if len({key_id for key_id, _ in keys}) != len(keys):
        raise ImproperlyConfigured("AUDIT_KEYS names the same key id twice.")
    return keys


AUDIT_KEYS = _audit_keys(os.environ.get("AUDIT_KEYS", ""))
if not AUDIT_KEYS:
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "AUDIT_KEYS is not set. Production needs a secret key for the audit trail, kept "
            "outside the database: set AUDIT_KEYS=k1:<at least 32 random characters> (e.g. from "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'). See 'Running it for "
            "real' in README.md.")
    import hashlib

    AUDIT_KEYS = [("dev", hashlib.sha256(f"review-desk audit key:{SECRET_KEY}".encode()).hexdigest())]
# Every checkpoint (each chain's head, signed) is appended here: make it a file the app's user
# can only append to (chattr +a), ideally on another machine's storage.
AUDIT_CHECKPOINT_PATH = Path(os.environ.get("AUDIT_CHECKPOINT_PATH",
                                            BASE_DIR / "var" / "audit" / "checkpoints.log"))
# One address (the information governance contact) that is sent every checkpoint too; optional.
AUDIT_CHECKPOINT_EMAIL = os.environ.get("AUDIT_CHECKPOINT_EMAIL", "").strip()

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic puts the files WhiteNoise serves in production (hashed, compressed).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "reviewdesk" / "static"]
# Uploaded files (draft reports). Never served directly: every download goes through a view that
# checks access and writes to the audit trail. S3-compatible storage in production (DESIGN §5).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024



def _kept_files() -> dict[str, Any]:
    """Where kept files go: a local folder by default; an S3-compatible object store when
    STORAGE_S3_BUCKET is set, so several app servers and workers share one (docs/deploy.md).
    Keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the machine's role."""
    bucket = os.environ.get("STORAGE_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    encryption = os.environ.get("STORAGE_S3_ENCRYPTION", "AES256").strip()
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("STORAGE_S3_ENDPOINT_URL", "").strip() or None,
        "region_name": os.environ.get("STORAGE_S3_REGION", "").strip() or None,
        "location": os.environ.get("STORAGE_S3_PREFIX", "").strip().strip("/"),
        # As on disk: a name already taken gets another, never replacing a kept file.
        "file_overwrite": False,
        # Never served from the store: every download goes through a view that checks access.
        "default_acl": None,
        "querystring_expire": 60,
        # Encrypted at rest by the store ("none" for a store that cannot, e.g. some local ones).
        "object_parameters": {} if encryption.lower() == "none"
        else {"ServerSideEncryption": encryption},
        # A file read back is held in memory up to this size, then on local disk: a large
        # published report streams out without filling the app server's memory.
        "max_memory_size": 5 * 1024 * 1024,
    }}


STORAGES = {
    "default": _kept_files(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# A strict content security policy: scripts and styles only from our own origin.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The Django admin is for developers and support on a demo or a copy, never on the live service:
# off unless ADMIN_ENABLED is set, and refused in production. Its sign-in is the app's own
# (accounts/admin_site.py), so it locks out like every other way in.
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", default=False)
if PRODUCTION and ADMIN_ENABLED:
    raise ImproperlyConfigured(
        "ADMIN_ENABLED is for the demo only: production has no Django admin. Remove ADMIN_ENABLED "
        "from the production environment.")
