"""What the nightly rebuild stores so that pages read it with one query."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Product


class Source(models.TextChoices):
    # Bought by the same shoppers (item-to-item co-purchase).
    COPURCHASE = "copurchase", _("Bought together")
    # Described alike: category, brand, attributes, title words.
    CONTENT = "content", _("Similar product")
    # Among the best sellers of the same category: the last fallback.
    POPULAR = "popular", _("Popular in its category")


class Neighbour(models.Model):
    """One of a product's top-k recommended products, with its score and rank."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="neighbours", verbose_name=_("product")
    )
    neighbour = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="recommended_by",
        verbose_name=_("recommended product"),
    )
    score = models.FloatField(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)

    class Meta:
        ordering = ["product_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["product", "neighbour"], name="uniq_neighbour")
        ]
        verbose_name = _("recommended product")
        verbose_name_plural = _("recommended products")

    def __str__(self) -> str:
        return f"{self.product_id} → {self.neighbour_id} ({self.score:.3f})"


class ProductRank(models.Model):
    """A product's default-sort score and the signals it was made of."""

    product = models.OneToOneField(
        Product,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="ranking",
        verbose_name=_("product"),
    )
    score = models.FloatField(_("score"), default=0.0, db_index=True)
    velocity = models.FloatField(_("sales velocity"), default=0.0)
    rating = models.FloatField(_("Bayesian rating"), default=0.0)
    conversion = models.FloatField(_("conversion"), default=0.0)
    available = models.BooleanField(_("available"), default=False)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("product ranking")
        verbose_name_plural = _("product rankings")

    def __str__(self) -> str:
        return f"{self.product_id}: {self.score:.3f}"


class SearchDocument(models.Model):
    """A product's words for full-text search: segmented Chinese, stemmed English."""

    product = models.OneToOneField(
        Product,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("product"),
    )
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return str(self.product_id)
