from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews and feedback")

    def ready(self) -> None:
        from shop.pagecache import watch

        from .models import HelpfulVote, ProductRating, Review, ReviewPhoto

        # What product pages show; feedback and abuse reports stay with the merchant.
        watch([Review, ReviewPhoto, HelpfulVote, ProductRating])
