"""Write the demo catalogue: taxonomy, products with their SKUs, stock and pictures."""

import random
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from tqdm import tqdm

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
from inventory.models import Supplier, SupplierItem
from inventory.services import stock_open

from . import images
from .data import Term
from .data.attributes import ATTRIBUTES, TAGS
from .data.brands import BRANDS
from .data.categories import ROOT_OF, ROOTS
from .products import ProductPlan


class Taxonomy:
    """Database ids of the categories, brands, tags and attribute values, by slug."""

    def __init__(self) -> None:
        self.categories: dict[str, int] = {}
        self.brands: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.values: dict[tuple[str, str], int] = {}


def write_taxonomy(progress: tqdm) -> Taxonomy:
    """Insert the category tree, brands, tags, attributes and values."""
    taxonomy = Taxonomy()
    Category.load_bulk(
        [
            {
                "data": _category(root.slug, root.name.zh, root.name.en, root.description),
                "children": [
                    {"data": _category(leaf.slug, leaf.name.zh, leaf.name.en)}
                    for leaf in root.leaves
                ],
            }
            for root in ROOTS
        ]
    )
    taxonomy.categories = dict(Category.objects.values_list("slug", "id"))
    progress.update(len(taxonomy.categories))
    brands = Brand.objects.bulk_create(
        Brand(
            slug=spec.slug,
            name_zh_hans=spec.name.zh,
            name_en=spec.name.en,
            description_zh_hans=f"{spec.name.zh}创立于{spec.founded}年，专注{spec.focus.zh}。",
            description_en=f"Founded in {spec.founded}, {spec.name.en} makes {spec.focus.en}.",
        )
        for spec in BRANDS
    )
    taxonomy.brands = {brand.slug: brand.pk for brand in brands}
    tags = Tag.objects.bulk_create(
        Tag(slug=spec.slug, name_zh_hans=spec.name.zh, name_en=spec.name.en) for spec in TAGS
    )
    taxonomy.tags = {tag.slug: tag.pk for tag in tags}
    attributes = Attribute.objects.bulk_create(
        Attribute(slug=spec.slug, name_zh_hans=spec.name.zh, name_en=spec.name.en, position=index)
        for index, spec in enumerate(ATTRIBUTES)
    )
    values = AttributeValue.objects.bulk_create(
        AttributeValue(
            attribute=attribute,
            slug=value.slug,
            value_zh_hans=value.zh,
            value_en=value.en,
            position=position,
        )
        for attribute, spec in zip(attributes, ATTRIBUTES, strict=True)
        for position, value in enumerate(spec.values)
    )
    taxonomy.values = {(value.attribute.slug, value.slug): value.pk for value in values}
    progress.update(len(brands) + len(tags) + len(attributes) + len(values))
    return taxonomy


def taxonomy_size() -> int:
    """Count the rows write_taxonomy inserts, for its progress bar."""
    categories = sum(1 + len(root.leaves) for root in ROOTS)
    values = sum(len(spec.values) for spec in ATTRIBUTES)
    return categories + len(BRANDS) + len(TAGS) + len(ATTRIBUTES) + values


def _category(slug: str, zh: str, en: str, description: Term | None = None) -> dict[str, str]:
    return {
        "slug": slug,
        "name_zh_hans": zh,
        "name_en": en,
        "description_zh_hans": description.zh if description else "",
        "description_en": description.en if description else "",
    }


def write_products(
    *, plans: list[ProductPlan], taxonomy: Taxonomy, batch_size: int, progress: tqdm
) -> None:
    """Insert products, their tags and attributes, SKUs and their options; set the plans' ids."""
    for start in range(0, len(plans), batch_size):
        chunk = plans[start : start + batch_size]
        products = Product.objects.bulk_create(_product(plan, taxonomy) for plan in chunk)
        for plan, product in zip(chunk, products, strict=True):
            plan.id = product.pk
            product.created_at = plan.created_at
        # created_at is auto_now_add, which bulk_create fills with the current time.
        Product.objects.bulk_update(products, ["created_at"])
        skus = SKU.objects.bulk_create(
            SKU(
                product_id=plan.id,
                code=sku.code,
                barcode=sku.barcode,
                price=sku.price_decimal,
                list_price=sku.list_price_decimal,
                position=position,
            )
            for plan in chunk
            for position, sku in enumerate(plan.skus)
        )
        sku_plans = [sku for plan in chunk for sku in plan.skus]
        for sku_plan, sku in zip(sku_plans, skus, strict=True):
            sku_plan.id = sku.pk
        _write_links(chunk, taxonomy)
        progress.update(len(chunk))


def _product(plan: ProductPlan, taxonomy: Taxonomy) -> Product:
    return Product(
        category_id=taxonomy.categories[plan.leaf],
        brand_id=taxonomy.brands[plan.brand],
        slug=plan.slug,
        name_zh_hans=plan.name.zh,
        name_en=plan.name.en,
        description_zh_hans=plan.description.zh,
        description_en=plan.description.en,
    )


def _write_links(plans: list[ProductPlan], taxonomy: Taxonomy) -> None:
    # django-stubs cannot name this auto-created model (it infers Never).
    product_tag: Any = Product.tags.through
    product_tag.objects.bulk_create(
        product_tag(product_id=plan.id, tag_id=taxonomy.tags[tag])
        for plan in plans
        for tag in plan.tags
    )
    Product.attributes.through.objects.bulk_create(
        Product.attributes.through(product_id=plan.id, attributevalue_id=value_id)
        for plan in plans
        for value_id in _product_values(plan, taxonomy)
    )
    SKU.options.through.objects.bulk_create(
        SKU.options.through(sku_id=sku.id, attributevalue_id=taxonomy.values[option])
        for plan in plans
        for sku in plan.skus
        for option in sku.options
    )


def _product_values(plan: ProductPlan, taxonomy: Taxonomy) -> list[int]:
    """Return the product's material and every option its SKUs use, each once, in order."""
    options = [("material", plan.material)] if plan.material else []
    options += [option for sku in plan.skus for option in sku.options]
    return list(dict.fromkeys(taxonomy.values[option] for option in options))


def write_stock(*, plans: list[ProductPlan], batch_size: int, progress: tqdm) -> int:
    """Give every SKU its stock row, the opening units as ledger receipts; return how many."""
    rows = [(sku.id, sku.on_hand) for plan in plans for sku in plan.skus]
    for start in range(0, len(rows), batch_size):
        chunk = rows[start : start + batch_size]
        stock_open(units=chunk, reference="opening")
        progress.update(len(chunk))
    return len(rows)


# One supplier per top category: (lead time days, spread days).
SUPPLIER_LEAD_TIMES = ((5, 1.5), (10, 3), (3, 1), (7, 2), (6, 1.5), (8, 2), (4, 1), (6, 2))


def write_suppliers(*, plans: list[ProductPlan], seed: int) -> int:
    """Give each top category a supplier and each SKU its pack size and MOQ; return SKUs."""
    rng = random.Random(f"{seed}:suppliers")
    suppliers = Supplier.objects.bulk_create(
        Supplier(
            code=root.slug,
            name=f"{root.name.zh}供应商",
            lead_time_days=days,
            lead_time_spread_days=Decimal(str(spread)),
        )
        for root, (days, spread) in zip(ROOTS, SUPPLIER_LEAD_TIMES, strict=True)
    )
    by_root = {supplier.code: supplier.pk for supplier in suppliers}
    items = SupplierItem.objects.bulk_create(
        SupplierItem(
            sku_id=sku.id,
            supplier_id=by_root[ROOT_OF[plan.leaf].slug],
            pack_size=rng.choice((6, 12)) if plan.consumable else 1,
            min_order_quantity=rng.choice((1, 2, 5)),
        )
        for plan in plans
        for sku in plan.skus
    )
    return len(items)


def write_images(*, plans: list[ProductPlan], batch_size: int, progress: tqdm) -> list[str]:
    """Draw and store one picture per product; return the stored file names."""
    field = ProductImage._meta.get_field("image")
    stored: list[str] = []
    try:
        for start in range(0, len(plans), batch_size):
            chunk = plans[start : start + batch_size]
            rows = [ProductImage(product_id=plan.id, alt=plan.name.zh) for plan in chunk]
            for plan, row in zip(chunk, rows, strict=True):
                picture = images.render(
                    palette=ROOT_OF[plan.leaf].palette,
                    colour=plan.colour,
                    shape=plan.type_index,
                    seed=plan.number,
                )
                name = field.generate_filename(row, f"{plan.slug}.jpg")
                row.image.name = field.storage.save(name, ContentFile(picture))
                stored.append(row.image.name)
            ProductImage.objects.bulk_create(rows)
            progress.update(len(chunk))
    except BaseException:
        # The rows roll back with the stage; the files would not.
        for name in stored:
            field.storage.delete(name)
        raise
    return stored
