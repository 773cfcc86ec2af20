"""Settings for Leeds Quality Network, read from the environment.

Every value a deployment may change comes from an environment variable (see
`.env.example` and docs/operations.md#configuration). With DEBUG off the process
refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path
from urllib.parse import urlsplit

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from leedsquality.env import (
    database_from_url,
    env_bool,
    env_int,
    env_int_list,
    env_list,
    env_redis_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only-never-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_str("SECRET_KEY", "")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Leeds Quality Network"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "core",
    "champions",
    "projects",
    "events",
    "digests",
    "dashboard",
    "demo",
    "leedsquality",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "leedsquality.urls"
WSGI_APPLICATION = "leedsquality.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "core.forms.NHSFormRenderer"

# One database engine everywhere: PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL", "")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Start the site with `make run` (it starts an embedded "
        "PostgreSQL), or set DATABASE_URL=postgres://user:password@host:5432/leedsquality."
    )
DATABASES = {"default": database_from_url(DATABASE_URL)}
# Two settings for every connection, in its start-up packet, so they cost no query:
# - Project search forgives a typo ("ulsers" finds "ulcers", "prevension" "prevention"):
#   pg_trgm's word-similarity threshold, 0.6 by default (which misses both).
# - No JIT compilation. The site's queries are short; JIT compiles any plan costed above
#   100,000 and spends tens of milliseconds on it. At seed_demo --scale 10000, medians of 10
#   in-process: "who I could help" 86 -> 43 ms, the home page 136 -> 115 ms, the project list
#   82 -> 63 ms, bright spots 76 -> 64 ms with it off; no page slower (docs/performance.md).
DATABASES["default"]["OPTIONS"].setdefault(
    "options", "-c pg_trgm.word_similarity_threshold=0.4 -c jit=off"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_redis_url("REDIS_URL", "redis://127.0.0.1:6379/0")
# Short timeouts: a page must never hang because Redis is unreachable.
REDIS_SOCKET_TIMEOUT = 2
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "lqn",
        "OPTIONS": {
            "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
        },
    }
}

AUTH_USER_MODEL = "champions.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "landing"

# Accounts (django-allauth): email is the sign-in name and must be verified before use.
# Rate limits live in the Redis cache, so they hold across every web process.
ACCOUNT_ADAPTER = "champions.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "https"
ACCOUNT_RATE_LIMITS = {
    # The sixth wrong password for one address within five minutes is refused.
    "login_failed": "20/m/ip,5/5m/key",
}
ACCOUNT_FORMS = {
    "signup": "champions.forms.SignupForm",
    "login": "champions.forms.LoginForm",
    "reset_password": "champions.forms.ResetPasswordForm",
    "reset_password_from_key": "champions.forms.ResetPasswordKeyForm",
    "change_password": "champions.forms.ChangePasswordForm",
    "request_login_code": "champions.forms.RequestLoginCodeForm",
    "add_email": "champions.forms.AddEmailForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Leeds Quality Network"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# Our British English catalogue puts allauth's pages into the NHS.UK content style.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
# In development whitenoise serves straight from the finders; production serves the
# output of collectstatic (run in the Docker build).
STATIC_ROOT = None if DEBUG else BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "core.staticfiles.StaticFilesStorage"
        )
    },
}

# Security. Production (DEBUG off) gets secure cookies, HSTS and an HTTPS redirect.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Content Security Policy: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Email. With no EMAIL_HOST, development mail goes to the dev mailbox (files the
# developer reads at /dev/mailbox/); production must name an SMTP server.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Leeds Quality Network <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_host = env_str("EMAIL_HOST", "")
_email_port = env_int("EMAIL_PORT", 587, minimum=1)
DEV_MAILBOX_DIR: Path | None = None
if _email_host:
    _use_tls = env_bool("EMAIL_USE_TLS", _email_port == 587)
    _use_ssl = env_bool("EMAIL_USE_SSL", _email_port == 465)
    if _use_tls and _use_ssl:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": _email_port,
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": _use_tls,
                "use_ssl": _use_ssl,
                "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
            },
        }
    }
elif DEBUG:
    DEV_MAILBOX_DIR = Path(env_str("DEV_MAILBOX_DIR", str(BASE_DIR / ".data" / "mailbox")))
    MAILERS = {"default": {"BACKEND": "core.devmailbox.DevMailboxBackend"}}
else:
    raise ImproperlyConfigured("EMAIL_HOST must be set when DEBUG is off.")

# The weekly digest: the day and hour (Europe/London) beat sends it, and members per task.
DIGEST_WEEKDAY = env_str("DIGEST_WEEKDAY", "monday").lower()
if DIGEST_WEEKDAY not in {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}:
    raise ImproperlyConfigured(f"DIGEST_WEEKDAY={DIGEST_WEEKDAY!r} is not a day of the week.")
DIGEST_HOUR = env_int("DIGEST_HOUR", 7, minimum=0)
if DIGEST_HOUR > 23:
    raise ImproperlyConfigured(f"DIGEST_HOUR={DIGEST_HOUR} must be between 0 and 23.")
DIGEST_CHUNK_SIZE = env_int("DIGEST_CHUNK_SIZE", 200, minimum=1)

# Seconds between attempts after temporary SMTP failures: a few over about an hour.
OUTBOX_RETRY_DELAYS = env_int_list("OUTBOX_RETRY_DELAYS", [60, 300, 900, 2400], minimum=1)

# Celery (docs/architecture.md#the-running-system): a task is acknowledged only once it has run,
# goes back to the queue if its worker dies, and each worker reserves one task at a time.
CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest countdown/ETA any task uses (email retries span about an
    # hour), so Redis never redelivers a task that is merely waiting.
    "visibility_timeout": 3 * 60 * 60,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "leedsquality")
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = env_str(
    "CELERY_BEAT_SCHEDULE_FILE", str(BASE_DIR / ".data" / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "leedsquality.core.tasks.record_worker_heartbeat",
        "schedule": crontab(minute="*"),
    },
    # At the digest hour, then hourly for the rest of that day: each run sends only to members
    # who have not had this period's digest, so a run cut short is finished by the next one.
    "weekly-digest": {
        "task": "digests.tasks.send_digests",
        "schedule": crontab(minute=0, hour=f"{DIGEST_HOUR}-23", day_of_week=DIGEST_WEEKDAY[:3]),
    },
    "outbox-sweeper": {
        "task": "leedsquality.core.tasks.sweep_outbox",
        "schedule": crontab(minute="*/5"),
    },
    # Reminders for tomorrow's events: hourly in the daytime (Leeds time), so bookings made
    # during the day are reminded too and a missed run is made up by the next.
    "event-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": crontab(minute=0, hour="8-20"),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
