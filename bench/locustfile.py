"""The shoppers of bench/load.py: browse, open products, fill a cart and check out."""

import itertools
import random
import re

from locust import HttpUser, between, task

CUSTOMERS = itertools.count(1)
INPUT = re.compile(r"<input[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
OPTION = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>\s*<option[^>]*value="([^"]*)"')
LINK = re.compile(r'href="(/p/[^"/]+/)"')
SKU = re.compile(r'name="sku"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="sku"')


def form_fields(page: str) -> dict[str, str]:
    """The values a browser would post: hidden and text inputs, the first radio checked or
    offered, the first option of each select."""
    fields: dict[str, str] = {}
    for tag in INPUT.findall(page):
        attrs = dict(ATTRIBUTE.findall(tag))
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or kind in ("submit", "button", "checkbox"):
            continue
        if kind == "radio" and name in fields and "checked" not in tag:
            continue
        fields[name] = attrs.get("value", "")
    for name, value in OPTION.findall(page):
        fields.setdefault(name, value)
    return fields


class Shopper(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.products = LINK.findall(self.client.get("/", name="home").text) or ["/"]
        number = next(CUSTOMERS) % 60 + 1
        page = self.client.get("/accounts/login/", name="login form").text
        fields = form_fields(page)
        fields.update(username=f"customer{number:03d}", password="demo-password")
        self.client.post("/accounts/login/", data=fields, name="login")

    @task(4)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(4)
    def listing(self) -> None:
        self.client.get("/search/?q=", name="listing")

    @task(6)
    def product(self) -> None:
        self.client.get(random.choice(self.products), name="product")

    @task(2)
    def cart(self) -> None:
        self.client.get("/cart/", name="cart")

    @task(4)
    def healthz(self) -> None:
        self.client.get("/healthz", name="trivial (/healthz)")

    @task(1)
    def checkout(self) -> None:
        page = self.client.get(random.choice(self.products), name="product").text
        skus = [a or b for a, b in SKU.findall(page)]
        if not skus:
            return
        token = form_fields(page).get("csrfmiddlewaretoken", "")
        self.client.post(
            "/cart/add/",
            data={"sku": skus[0], "quantity": 1, "csrfmiddlewaretoken": token},
            name="cart add",
        )
        form = self.client.get("/checkout/", name="checkout form")
        with self.client.post(
            "/checkout/", data=form_fields(form.text), name="checkout", catch_response=True
        ) as placed:
            if placed.status_code == 200 and "/orders/" not in placed.url:
                placed.failure("the order was not placed")
