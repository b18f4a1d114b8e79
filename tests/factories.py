"""Shared factory_boy factories for the shop's core models.

Translated fields: `name` (or `value`, `description`) is the Chinese text whatever language
is active, `name_en` the English one.

SKUFactory creates no Stock: use StockFactory(sku=...) or SKUFactory(stock=N) to give a
SKU units. Creating a SKU refreshes its product's min_price, as the admin and seed do.
"""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from accounts.models import Address
from catalog.models import (
    SKU,
    Attribute,
    AttributeValue,
    Brand,
    Category,
    Product,
    ProductImage,
    Tag,
)
from catalog.services import product_refresh_prices
from inventory.models import Stock
from inventory.services import stock_open

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password(PASSWORD)


class CategoryFactory(DjangoModelFactory):
    """A category; pass parent=<Category> for a child node, otherwise a root.

    The tree is sorted by slug, so a new node can shift the paths of its later siblings:
    refresh_from_db() category objects made earlier before using their path.
    """

    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"分类{n}")
    name_zh_hans = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    is_active = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = kwargs.pop("parent", None)
        if parent is not None:
            return parent.add_child(**kwargs)
        return model_class.add_root(**kwargs)


class BrandFactory(DjangoModelFactory):
    class Meta:
        model = Brand

    name = factory.Sequence(lambda n: f"品牌{n}")
    name_zh_hans = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"标签{n}")
    name_zh_hans = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class AttributeFactory(DjangoModelFactory):
    class Meta:
        model = Attribute

    name = factory.Sequence(lambda n: f"属性{n}")
    name_zh_hans = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.Sequence(lambda n: f"Attribute {n}")
    slug = factory.Sequence(lambda n: f"attribute-{n}")


class AttributeValueFactory(DjangoModelFactory):
    class Meta:
        model = AttributeValue

    attribute = factory.SubFactory(AttributeFactory)
    value = factory.Sequence(lambda n: f"值{n}")
    value_zh_hans = factory.LazyAttribute(lambda o: o.value)
    value_en = factory.Sequence(lambda n: f"Value {n}")
    slug = factory.Sequence(lambda n: f"value-{n}")


class ProductFactory(DjangoModelFactory):
    """A product; tags=[...] and attributes=[...] set its many-to-many fields."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"商品{n}")
    name_zh_hans = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    description = "描述"
    description_zh_hans = factory.LazyAttribute(lambda o: o.description)
    description_en = "Description"
    is_active = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def attributes(self, create, extracted, **kwargs):
        if create and extracted:
            self.attributes.set(extracted)


class ProductImageFactory(DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.django.ImageField(width=40, height=40, color="teal")
    alt = factory.Sequence(lambda n: f"image {n}")


class SKUFactory(DjangoModelFactory):
    """A SKU; options=[...] sets its attribute values, stock=N gives it N units on hand."""

    class Meta:
        model = SKU
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    code = factory.Sequence(lambda n: f"SKU-{n:05d}")
    barcode = factory.Sequence(lambda n: f"69{n:011d}")
    price = Decimal("99.00")
    list_price = None
    is_active = True

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if create and extracted:
            self.options.set(extracted)

    @factory.post_generation
    def stock(self, create, extracted, **kwargs):
        if create and extracted is not None:
            stock_open(units=[(self.pk, extracted)], reference="test")

    @factory.post_generation
    def refresh_price(self, create, extracted, **kwargs):
        if create:
            product_refresh_prices(product_ids=[self.product_id])


class StockFactory(DjangoModelFactory):
    """Stock opened through the ledger, so that on hand is the sum of its movements."""

    class Meta:
        model = Stock

    sku = factory.SubFactory(SKUFactory)
    on_hand = 10
    reserved = 0

    @classmethod
    def _create(cls, model_class, *args, sku, on_hand, reserved=0, **kwargs):
        stock_open(units=[(sku.pk, on_hand)], reference="test")
        stock = model_class.objects.get(sku=sku)
        fields = {"reserved": reserved, **kwargs}
        for name, value in fields.items():
            setattr(stock, name, value)
        stock.save(update_fields=list(fields))
        return stock


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    recipient = "张三"
    phone = "13800138000"
    country = "CN"
    province = "上海市"
    city = "上海市"
    district = "浦东新区"
    street = "世纪大道 100 号"
    postcode = "200120"
    is_default = False
