"""Settings for the shop, configured by environment variables (see README)."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# Without SECRET_KEY the shop runs on this key; the shop.W001 system check warns about it.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",
    "shop.admin_site.ShopAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "django_countries",
    "treebeard",
    "sorl.thumbnail",
    "django_celery_beat",
    "import_export",
    "shop",
    "accounts",
    "catalog",
    "inventory",
    "cart",
    "promotions",
    "orders",
    "payments",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "django.contrib.sitemaps",
    "reviews",
    "wishlist",
    "seo",
    "recommend",
    "backoffice",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "backoffice.request_log.RequestIdMiddleware",
    # Outermost but for the request id: turns a lost database into a 503 page wherever it fails.
    "shop.resilience.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shop.security.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a log-in refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shop.urls"
WSGI_APPLICATION = "shop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shop.context_processors.shop",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
else:
    # Connections persist between requests; the health check replaces one the database
    # dropped (a restart), so the process recovers without being restarted itself.
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and IP address before any password is checked.
    "shop.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.EmailBackend",
]
# Log-in lockout: 5 failures for one username from one IP address lock that pair out for
# 15 minutes. A proxy in front must set REMOTE_ADDR to the client's address (see README).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "shop.security.lockout_username"
AXES_LOCKOUT_CALLABLE = "shop.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Successful log-ins are not recorded: the shop needs only the failures to count.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

PASSWORD_HASHERS = [
    "accounts.hashers.ShopArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "catalog:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("zh-hans",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

SHOP_CURRENCY = "CNY"
# Currencies shoppers may also see prices in (approximately), at rates kept in admin.
SHOP_DISPLAY_CURRENCIES = env.list("SHOP_DISPLAY_CURRENCIES", default=["USD", "EUR"])
SHOP_STANDARD_SHIPPING = Decimal("10.00")
SHOP_EXPRESS_SHIPPING = Decimal("22.00")
# An unpaid order keeps its stock and promotions this long, then the expiry job cancels it.
ORDER_PAYMENT_MINUTES = env.int("ORDER_PAYMENT_MINUTES", default=30)


def _pem_env(name: str) -> str:
    """Read a PEM variable given inline (``\\n`` escapes allowed) or as the path of a file."""
    value = env.str(name, default="", multiline=True).strip()
    if value and not value.startswith("-----BEGIN"):
        # A missing key file stops the start-up here rather than at the first payment.
        return Path(value).read_text(encoding="ascii")
    return value


_ALIPAY = {
    "app_id": env.str("ALIPAY_APP_ID", default=""),
    "seller_id": env.str("ALIPAY_SELLER_ID", default=""),
    "private_key": _pem_env("ALIPAY_PRIVATE_KEY"),
    "public_key": _pem_env("ALIPAY_PUBLIC_KEY"),
    "gateway_url": env.str(
        "ALIPAY_GATEWAY_URL", default="https://openapi-sandbox.dl.alipaydev.com/gateway.do"
    ),
}
_WECHAT = {
    "mchid": env.str("WECHATPAY_MCHID", default=""),
    "appid": env.str("WECHATPAY_APPID", default=""),
    "apiv3_key": env.str("WECHATPAY_APIV3_KEY", default=""),
    "cert_serial": env.str("WECHATPAY_CERT_SERIAL", default=""),
    "private_key": _pem_env("WECHATPAY_PRIVATE_KEY"),
    "platform_certs": _pem_env("WECHATPAY_PLATFORM_CERTS"),
    "api_url": env.str("WECHATPAY_API_URL", default="https://api.mch.weixin.qq.com"),
}
_CARD = {
    "secret_key": env.str("STRIPE_SECRET_KEY", default=""),
    "webhook_secret": env.str("STRIPE_WEBHOOK_SECRET", default=""),
    "api_url": env.str("STRIPE_API_URL", default="https://api.stripe.com"),
}
# Payment methods offered at checkout. The sandbox is a local simulated gateway for the demo
# and the tests; the others appear once their keys are set in the environment.
PAYMENT_PROVIDERS: dict[str, dict] = {
    "sandbox": {"enabled": env.bool("PAYMENT_SANDBOX", default=True)},
    "alipay": {"enabled": all(_ALIPAY[key] for key in _ALIPAY if key != "seller_id"), **_ALIPAY},
    "wechat": {"enabled": all(_WECHAT.values()), **_WECHAT},
    "card": {"enabled": all(_CARD.values()), **_CARD},
}
SHOP_MAX_COUPONS = 1

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
THUMBNAIL_PRESERVE_FORMAT = True

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        # A Redis that is down reads as an empty cache instead of failing the page.
        "default": {
            "BACKEND": "shop.resilience.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A job whose worker dies mid-run goes back to the queue and runs again; jobs are idempotent.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers keep trying to reach a broker that is down, at start-up too, instead of exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A message taken by a worker that vanished (killed, machine lost) is delivered again after
# the visibility timeout: it must exceed the longest job, or a running job starts twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=6 * 3600),
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {
    "expire-unpaid-orders": {
        "task": "orders.tasks.expire_unpaid_orders",
        "schedule": 60.0,
        # A run still queued when the next one is due is dropped: the next one does its work.
        "options": {"expires": 55},
    },
    "restock": {
        "task": "inventory.tasks.restock",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 6 * 3600},
    },
    "reconcile-payments": {
        "task": "payments.tasks.reconcile_payments",
        "schedule": crontab(hour=3, minute=30),
    },
    "rebuild-recommendations": {
        "task": "recommend.tasks.rebuild_recommendations",
        "schedule": crontab(hour=4, minute=0),
        "options": {"expires": 3600},
    },
    "refresh-product-ratings": {
        "task": "reviews.tasks.refresh_product_ratings",
        "schedule": crontab(hour=4, minute=30),
        "options": {"expires": 3600},
    },
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="shop@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Health checks come from inside the network, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# Paying by Alipay or card sends the shopper's browser on to the gateway's own page.
_PAYMENT_FORM_TARGETS = [
    origin
    for provider, origin in (
        ("alipay", _origin(_ALIPAY["gateway_url"])),
        ("card", "https://checkout.stripe.com"),
    )
    if PAYMENT_PROVIDERS[provider]["enabled"]
]
# Scripts and styles come only from the shop's own files: no inline script anywhere (see
# shop/security.py for the pages that may also use inline styles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'", *_PAYMENT_FORM_TARGETS],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Session first: the site's own JavaScript, with CSRF. Tokens: the apps.
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.CounterThrottle"],
    # Requests per minute, counted per user and per IP address; "<scope>_ip" for the IP's.
    "DEFAULT_THROTTLE_RATES": {
        "api": "600/min",
        "api_ip": "1200/min",
        "auth": "10/min",
        "auth_ip": "30/min",
        "coupon": "20/min",
        "coupon_ip": "60/min",
        "checkout": "20/min",
        "checkout_ip": "60/min",
    },
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shop API",
    "DESCRIPTION": "The shop for mobile and other clients: catalog, cart, checkout, orders.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.models.OrderStatus",
        "RefundStatusEnum": "orders.models.RefundStatus",
        "ShippingMethodEnum": "orders.models.ShippingMethod",
        "PaymentMethodEnum": "payments.providers.METHODS",
        "CartLineStatusEnum": "cart.selectors.LineStatus",
        "StockStateEnum": "inventory.models.StockState",
    },
}

CART_MAX_LINE_QTY = 99
LOW_STOCK_THRESHOLD = 5
# Restock: the share of demanded units to serve from stock (fill rate), and how many days
# of demand an order covers beyond the reorder point.
RESTOCK_SERVICE_LEVEL = env.float("RESTOCK_SERVICE_LEVEL", default=0.95)
RESTOCK_COVER_DAYS = env.int("RESTOCK_COVER_DAYS", default=14)
PAGE_SIZE = 24
# How long a catalog page rendered for guests is kept at most (shop/pagecache.py); 0: never.
# Off by default without Redis: web processes would each keep their own pages and miss the
# changes made in another.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 if REDIS_URL else 0)

# The default sort (综合排序): how much each 0..1 signal weighs. Conversion stays 0 while
# product views are not recorded (see docs/recommend.md).
RANKING_WEIGHTS = {"velocity": 0.55, "rating": 0.3, "conversion": 0.0, "availability": 0.15}

# Reviews: held for a merchant unless auto-published; a link or a banned word always holds.
REVIEW_AUTO_PUBLISH = env.bool("REVIEW_AUTO_PUBLISH", default=True)
REVIEW_BANNED_WORDS = env.list("REVIEW_BANNED_WORDS", default=["代购", "加微信", "刷单"])
REVIEW_EDIT_DAYS = 30
REVIEW_MAX_PHOTOS = 6
REVIEW_PHOTO_MAX_BYTES = 5 * 1024 * 1024
REVIEW_PAGE_SIZE = 10
# How many reviews' worth of weight the category's mean has in a product's Bayesian score.
REVIEW_PRIOR_WEIGHT = 5
# (attempts, window in seconds) per user and per IP address.
REVIEW_RATE_LIMITS = {
    "review": (10, 3600),
    "vote": (60, 3600),
    "report": (10, 3600),
    "feedback": (5, 3600),
    "wishlist": (120, 3600),
}
# URLs per sitemap page; big catalogs are split into sitemap-products.xml?p=2, ...
SITEMAP_PAGE_SIZE = 5000

# One JSON object per line in production (LOG_FORMAT=json), each with its request's id.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "backoffice.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "backoffice.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
# Celery workers log through the same handler, so their lines are JSON too.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
