"""A real Celery worker, against Redis and the test database, runs the shop's jobs."""

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.core.management import call_command

from catalog.models import Product
from catalog.tasks import refresh_product_prices
from tests.factories import ProductFactory, SKUFactory

ROOT = Path(__file__).resolve().parents[2]


def test_refresh_product_prices_runs_eagerly_and_twice_safely(db):
    product = ProductFactory()
    SKUFactory(product=product, price=Decimal("59.00"))
    SKUFactory(product=product, price=Decimal("39.90"))
    Product.objects.filter(pk=product.pk).update(min_price=Decimal("0.00"))

    assert refresh_product_prices.delay([product.pk]).get() == 1
    assert refresh_product_prices.delay([product.pk]).get() == 1
    product.refresh_from_db()
    assert product.min_price == Decimal("39.90")


def test_refresh_prices_command_is_the_jobs_twin(db):
    product = ProductFactory()
    SKUFactory(product=product, price=Decimal("12.50"))
    Product.objects.filter(pk=product.pk).update(min_price=Decimal("99.00"))

    call_command("refresh_prices", verbosity=0)

    product.refresh_from_db()
    assert product.min_price == Decimal("12.50")


@pytest.fixture
def worker(transactional_db):
    """Start a real worker process on the test database, and a client app to send it jobs."""
    redis_url = os.environ["TEST_REDIS_URL"]
    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    queue = f"test-{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "shop",
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    sender = Celery("test-sender", broker=redis_url, backend=redis_url)
    try:
        yield sender, queue
    finally:
        sender.close()
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
def test_worker_runs_the_price_refresh_job_against_the_database(worker):
    product = ProductFactory()
    SKUFactory(product=product, price=Decimal("88.00"))
    Product.objects.filter(pk=product.pk).update(min_price=Decimal("1.00"))

    sender, queue = worker
    result = sender.send_task(refresh_product_prices.name, args=[[product.pk]], queue=queue)

    assert result.get(timeout=60) == 1
    product.refresh_from_db()
    assert product.min_price == Decimal("88.00")
