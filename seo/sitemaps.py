"""sitemap.xml: one entry per active product and category, with its other-language twins."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.utils import translation

from catalog.models import Category, Product


class TwinLanguageSitemap(Sitemap):
    """List each page once, at its default-language URL, with hreflang links to the others.

    Django's own i18n sitemaps give every language its own entry; search engines want
    one entry with alternates, and a product must appear once.
    """

    @property
    def limit(self) -> int:  # type: ignore[override]
        return settings.SITEMAP_PAGE_SIZE

    def location(self, item) -> str:
        return self._path_in(item, settings.LANGUAGE_CODE)

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            origin = url["location"][: -len(self.location(url["item"]))]
            url["alternates"] = [
                {"lang_code": code, "location": origin + self._path_in(url["item"], code)}
                for code, _name in settings.LANGUAGES
            ] + [{"lang_code": "x-default", "location": url["location"]}]
        return urls

    @staticmethod
    def _path_in(item, language: str) -> str:
        with translation.override(language):
            return item.get_absolute_url()


class ProductSitemap(TwinLanguageSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> QuerySet[Product]:
        return Product.objects.filter(is_active=True, category__is_active=True).order_by("pk")

    def lastmod(self, item: Product):
        return item.updated_at


class CategorySitemap(TwinLanguageSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> QuerySet[Category]:
        return Category.objects.filter(is_active=True).order_by("path")


SITEMAPS = {"products": ProductSitemap, "categories": CategorySitemap}
