"""PostgreSQL and Redis cut under a running gunicorn: clean 503s or degraded pages while
down, and the same process serving normally once they are back."""

import json
from urllib.parse import urlencode

import psutil
import pytest
from celery import Celery
from django.conf import settings
from django.test import Client

from promotions.models import PromotionSimulation, SimulationStatus
from tests.factories import ProductFactory, SKUFactory, UserFactory

from .conftest import database_url, declare, fetch, redis_target, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

SPEND_220 = {
    "id": "SIM",
    "name": "满220减30",
    "kind": "spend_threshold",
    "tiers": [{"min_spend": "220.00", "amount_off": "30.00"}],
}


@pytest.fixture
def product(transactional_db):
    product = ProductFactory()
    SKUFactory(product=product)
    return product


def test_a_database_restart_answers_503_then_recovers_in_the_same_process(
    product, proxy, start_web
):
    db = settings.DATABASES["default"]
    database = proxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    server, base = start_web(DATABASE_URL=database_url(database.address))
    workers = [child.pid for child in psutil.Process(server.pid).children()]
    # Addresses with a parameter the shop does not keep pages for: each one needs the
    # database (a page kept for guests may still be served from the cache meanwhile).
    pages = ["/?from=outage", "/en/?from=outage", product.get_absolute_url() + "?from=outage"]
    assert [fetch(base + page).status for page in pages] == [200, 200, 200]

    database.cut()
    down = {page: fetch(base + page) for page in pages}
    assert {page: answer.status for page, answer in down.items()} == dict.fromkeys(pages, 503)
    assert "Briefly unavailable" in down["/en/?from=outage"].body
    assert down["/?from=outage"].headers["Retry-After"]
    assert 'lang="zh-hans"' in down["/?from=outage"].body
    api = fetch(f"{base}/api/v1/products/")
    assert (api.status, json.loads(api.body)["code"]) == (503, "unavailable")
    ready = fetch(f"{base}/readyz")
    assert ready.status == 503
    assert json.loads(ready.body)["failing"] == ["database"]

    database.restore()
    assert [fetch(base + page).status for page in pages] == [200, 200, 200]
    assert fetch(f"{base}/readyz").status == 200
    assert [child.pid for child in psutil.Process(server.pid).children()] == workers


def _csrf_token(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


@pytest.mark.redis
def test_redis_down_pages_render_and_a_job_asked_for_runs_once_it_is_back(
    product, proxy, start_web, start_worker
):
    redis = proxy(redis_target())
    # A database of its own, so that no other worker takes the shop's default queue.
    redis_url = f"redis://{redis.address}/13"
    _server, base = start_web(DATABASE_URL=database_url(), REDIS_URL=redis_url)
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    cookie = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    add = "/en/admin/promotions/promotionsimulation/add/"
    form = fetch(base + add, headers=cookie)
    assert form.status == 200
    csrf = form.headers["Set-Cookie"].split("csrftoken=", 1)[1].split(";", 1)[0]

    redis.cut()
    pages = ["/", "/en/", product.get_absolute_url()]
    assert [fetch(base + page).status for page in pages] == [200, 200, 200]
    assert set(json.loads(fetch(f"{base}/readyz").body)["failing"]) == {"cache", "broker"}
    asked = fetch(
        base + add,
        data=urlencode(
            {
                "csrfmiddlewaretoken": _csrf_token(form.body),
                "definition": json.dumps(SPEND_220),
                "date_from": "2026-10-01",
                "date_to": "2026-10-31",
            }
        ).encode(),
        headers={
            "Cookie": f"{cookie['Cookie']}; csrftoken={csrf}",
            "Referer": base + add,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert asked.status == 302
    simulation = PromotionSimulation.objects.get()
    assert simulation.status == SimulationStatus.PENDING

    redis.restore()
    sender = Celery("faults-sender", broker=f"redis://{redis.address}/13")
    declare(sender, "celery")
    sender.close()
    start_worker("celery", DATABASE_URL=database_url(), REDIS_URL=redis_url)

    def finished() -> bool:
        simulation.refresh_from_db()
        return simulation.status == SimulationStatus.DONE

    wait_for(finished, seconds=40, message="the simulation asked for while down never ran")
    assert fetch(f"{base}/readyz").status == 200
