from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Product
from reviews.models import ProductRating
from reviews.tasks import refresh_product_ratings
from tests.reviews.factories import DeliveredLineFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_command_recomputes_scores_when_the_prior_moved(capsys):
    first = ReviewFactory(rating=5)
    product = first.product
    call_command("refresh_ratings")
    assert Product.objects.get(pk=product.pk).rating == Decimal("5.00")
    # A poorly rated neighbour in the same category pulls the prior, and the score, down.
    neighbour = DeliveredLineFactory(sku__product__category=product.category).product
    for _ in range(3):
        ReviewFactory(line=DeliveredLineFactory(sku__product=neighbour), rating=1)
    call_command("refresh_ratings")
    assert Product.objects.get(pk=product.pk).rating < Decimal("5.00")
    assert "Refreshed the ratings of 2 products." in capsys.readouterr().out


def test_task_is_idempotent():
    review = ReviewFactory(rating=4)
    assert refresh_product_ratings() == 1
    assert refresh_product_ratings() == 1
    assert ProductRating.objects.get(product=review.product).count == 1


def test_unknown_product_is_a_one_line_error():
    with pytest.raises(CommandError, match="No reviews"):
        call_command("refresh_ratings", "999999")


@pytest.mark.parametrize("bad", [str(2**64), "abc", "-3"])
def test_refresh_ratings_refuses_an_id_no_product_can_have_in_one_line(bad):
    with pytest.raises(CommandError, match="not a product id"):
        call_command("refresh_ratings", bad)
