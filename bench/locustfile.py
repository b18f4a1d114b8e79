"""The shoppers of bench/load.py: browse, open products, fill a cart and check out.

Each page task carries a tag so that bench/load.py can drive one page alone at saturation
(LOAD_THINK=0: guests, no pause between requests) and compare it with the trivial view; the
"shopping" tag mixes everything, checkout included, for signed-in shoppers with pauses.
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, constant, tag, task

CUSTOMERS = itertools.count(1)
INPUT = re.compile(r"<input[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
OPTION = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>\s*<option[^>]*value="([^"]*)"')
PRODUCT = re.compile(r'href="(/p/[^"/]+/)"')
CATEGORY = re.compile(r'href="(/c/[^"]+/)"')
SKU = re.compile(r'name="sku"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="sku"')
THINK = os.environ.get("LOAD_THINK", "1") != "0"


def form_fields(page: str) -> dict[str, str]:
    """The values a browser would post: hidden and text inputs, the checked (or first) radio,
    the first option of each select."""
    fields: dict[str, str] = {}
    for tag_text in INPUT.findall(page):
        attrs = dict(ATTRIBUTE.findall(tag_text))
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not name or kind in ("submit", "button", "checkbox", "search"):
            continue
        if kind == "radio" and name in fields and "checked" not in tag_text:
            continue
        fields[name] = attrs.get("value", "")
    for name, value in OPTION.findall(page):
        fields.setdefault(name, value)
    return fields


class Shopper(HttpUser):
    wait_time = between(0.5, 1.5) if THINK else constant(0)

    def on_start(self) -> None:
        home = self.client.get("/", name="home").text
        self.products = PRODUCT.findall(home) or ["/"]
        self.categories = CATEGORY.findall(home) or ["/"]
        if not THINK:
            return  # a page alone at saturation is measured for a guest: no log-in storm
        number = next(CUSTOMERS) % 300 + 1
        page = self.client.get("/accounts/login/", name="login form").text
        fields = form_fields(page)
        fields.update(username=f"customer{number:03d}", password="demo-password")
        self.client.post("/accounts/login/", data=fields, name="login")

    @tag("home", "shopping")
    @task(4)
    def home(self) -> None:
        self.client.get("/", name="home")

    @tag("listing", "shopping")
    @task(4)
    def listing(self) -> None:
        self.client.get(random.choice(self.categories), name="listing")

    @tag("product", "shopping")
    @task(6)
    def product(self) -> None:
        self.client.get(random.choice(self.products), name="product")

    @tag("cart", "shopping")
    @task(2)
    def cart(self) -> None:
        self.client.get("/cart/", name="cart")

    @tag("trivial", "shopping")
    @task(4)
    def healthz(self) -> None:
        self.client.get("/healthz", name="trivial (/healthz)")

    @tag("shopping")
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
        if "/checkout/" not in form.url:
            return  # the cart needs attention (an item sold out meanwhile): nothing to place
        with self.client.post(
            "/checkout/", data=form_fields(form.text), name="checkout", catch_response=True
        ) as placed:
            if "/pay/" not in placed.url:
                placed.failure("the order was not placed")
