from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from backoffice.urls import health_urlpatterns

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
    path("payments/notify/", include("payments.notify_urls")),
    path("", include("backoffice.urls")),
    *health_urlpatterns,
    # Outside i18n_patterns: API clients choose a language with Accept-Language.
    path("api/", include("api.urls")),
    path("", include("seo.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/dashboard/", include("backoffice.admin_urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("cart/", include("cart.urls")),
    path("pay/", include("payments.urls")),
    path("wishlist/", include("wishlist.urls")),
    path("", include("reviews.urls")),
    path("", include("seo.share_urls")),
    path("", include("orders.urls")),
    path("", include("promotions.urls")),
    path("", include("recommend.urls")),
    path("", include("catalog.urls")),
    prefix_default_language=False,
)

handler404 = "shop.views.page_not_found"
handler500 = "shop.views.server_error"
