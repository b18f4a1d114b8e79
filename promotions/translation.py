from modeltranslation.translator import TranslationOptions, register

from .models import CustomerSegment, Promotion


@register(Promotion)
class PromotionTranslation(TranslationOptions):
    fields = ("name",)


@register(CustomerSegment)
class CustomerSegmentTranslation(TranslationOptions):
    fields = ("name", "description")
