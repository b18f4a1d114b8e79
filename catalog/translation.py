from modeltranslation.translator import TranslationOptions, register

from .models import Attribute, AttributeValue, Brand, Category, Product, Tag


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Brand)
class BrandTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)


@register(Attribute)
class AttributeTranslation(TranslationOptions):
    fields = ("name",)


@register(AttributeValue)
class AttributeValueTranslation(TranslationOptions):
    fields = ("value",)


@register(Product)
class ProductTranslation(TranslationOptions):
    fields = ("name", "description")
