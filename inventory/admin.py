from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Stock, StockState
from .services import stock_set_on_hand


class StockStateFilter(admin.SimpleListFilter):
    title = _("stock state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return list(StockState.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Stock]) -> QuerySet[Stock]:
        # available = on_hand - reserved, compared without an annotation.
        match self.value():
            case StockState.SOLD_OUT:
                return queryset.filter(on_hand__lte=F("reserved"))
            case StockState.LOW:
                return queryset.filter(
                    on_hand__gt=F("reserved"), on_hand__lte=F("reserved") + F("low_threshold")
                )
            case StockState.IN_STOCK:
                return queryset.filter(on_hand__gt=F("reserved") + F("low_threshold"))
        return queryset


class StockForm(forms.ModelForm):
    class Meta:
        model = Stock
        fields = ("sku", "on_hand", "low_threshold")

    def clean_on_hand(self) -> int:
        on_hand = self.cleaned_data["on_hand"]
        if on_hand is not None and on_hand < self.instance.reserved:
            raise ValidationError(
                _("On hand cannot be less than the %(reserved)d units reserved for orders."),
                code="below_reserved",
                params={"reserved": self.instance.reserved},
            )
        return on_hand


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    form = StockForm
    list_display = ("sku", "product", "on_hand", "reserved", "available", "state_display")
    list_select_related = ("sku__product",)
    list_filter = (StockStateFilter,)
    search_fields = ("sku__code", "sku__barcode")
    autocomplete_fields = ("sku",)
    readonly_fields = ("reserved", "available", "state_display")
    fields = ("sku", "on_hand", "reserved", "available", "low_threshold", "state_display")
    ordering = ("sku__code",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Stock]:
        return super().get_queryset(request).annotate(available_units=F("on_hand") - F("reserved"))

    def get_readonly_fields(self, request: HttpRequest, obj: Stock | None = None) -> tuple:
        if obj is not None:
            return ("sku", *self.readonly_fields)
        return self.readonly_fields

    @admin.display(description=_("product"), ordering="sku__product__name")
    def product(self, stock: Stock) -> str:
        return str(stock.sku.product)

    @admin.display(description=_("available"), ordering="available_units")
    def available(self, stock: Stock) -> int:
        return stock.available

    @admin.display(description=_("state"))
    def state_display(self, stock: Stock) -> str:
        return str(StockState(stock.state).label)

    def save_model(self, request: HttpRequest, obj: Stock, form, change: bool) -> None:
        try:
            saved = stock_set_on_hand(
                sku_id=obj.sku_id, on_hand=obj.on_hand, low_threshold=obj.low_threshold
            )
        except ValidationError as error:
            # Reached only when an order reserved units after the form was checked.
            messages.error(request, " ".join(error.messages))
            return
        obj.pk = saved.pk
