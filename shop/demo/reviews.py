"""Reviews that demo buyers wrote about what they received, so ratings mean something."""

import random
from datetime import timedelta

from django.db.models import QuerySet
from tqdm import tqdm

from orders.models import OrderLine, OrderStatus
from reviews.models import Review, ReviewStatus
from reviews.services import product_rating_refresh

# One in this many delivered lines gets a review.
SHARE = 6
# (title, text) by stars: what real buyers say, short and plain.
_WORDS = {
    5: [
        ("非常满意", "质量很好，和描述一致，物流也快，会回购。"),
        ("超出预期", "做工细致，用了几天很满意，推荐购买。"),
        ("好评", "包装完好，东西不错，性价比高。"),
    ],
    4: [
        ("还不错", "整体满意，细节还可以更好，总体值这个价。"),
        ("挺好的", "用着顺手，物流稍慢了一点。"),
    ],
    3: [
        ("一般", "东西中规中矩，没有特别惊喜。"),
        ("还行", "和图片有一点差别，可以接受。"),
    ],
    2: [("不太满意", "质量一般，用了两次就有点问题。")],
    1: [("失望", "和描述不符，不推荐。")],
}


def _delivered_lines() -> QuerySet[OrderLine]:
    return (
        OrderLine.objects.filter(
            order__status=OrderStatus.COMPLETED, is_gift=False, product__isnull=False
        )
        .select_related("order")
        .order_by("pk")
    )


def _stars(rng: random.Random, quality: float) -> int:
    return max(1, min(5, round(rng.gauss(quality, 0.9))))


def write_reviews(*, rng: random.Random, progress: tqdm) -> int:
    """Write published reviews for a share of delivered lines and refresh product ratings."""
    quality: dict[int, float] = {}
    reviews = []
    for line in _delivered_lines().iterator(chunk_size=2000):
        if rng.randrange(SHARE):
            continue
        stars = _stars(rng, quality.setdefault(line.product_id, rng.uniform(3.4, 4.9)))
        title, body = rng.choice(_WORDS[stars])
        written = (line.order.completed_at or line.order.placed_at) + timedelta(hours=2)
        reviews.append(
            Review(
                line=line,
                product_id=line.product_id,
                user_id=line.order.user_id,
                rating=stars,
                title=title,
                body=body,
                status=ReviewStatus.PUBLISHED,
                created_at=written,
            )
        )
    Review.objects.bulk_create(reviews, batch_size=1000)
    products = sorted({review.product_id for review in reviews})
    progress.reset(total=len(products))
    for product_id in products:
        product_rating_refresh(product_id=product_id)
        progress.update(1)
    return len(reviews)
