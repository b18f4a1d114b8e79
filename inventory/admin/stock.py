from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from inventory.charts import sku_chart
from inventory.models import MovementReason, Stock, StockMovement, StockState
from inventory.selectors import stock_low
from inventory.services import stock_move, stock_set_on_hand
from inventory.services.ledger import MANUAL_REASONS

LATEST_MOVEMENTS = 20


def merchant(request: HttpRequest) -> User | None:
    """The signed-in merchant a movement is recorded for."""
    return request.user if isinstance(request.user, User) else None


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


class ReorderFilter(admin.SimpleListFilter):
    """Low-stock alert: SKUs whose available units are at or below the reorder point."""

    title = _("restock")
    parameter_name = "restock"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("due", _("At or below reorder point"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Stock]) -> QuerySet[Stock]:
        return stock_low(queryset) if self.value() == "due" else queryset


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
    change_form_template = "admin/inventory/stock/change_form.html"
    change_list_template = "admin/inventory/stock/change_list.html"
    list_display = (
        "sku",
        "product",
        "on_hand",
        "reserved",
        "available",
        "state_display",
        "reorder_point",
        "daily_forecast",
    )
    list_select_related = ("sku__product",)
    list_filter = (ReorderFilter, StockStateFilter)
    search_fields = ("sku__code", "sku__barcode")
    autocomplete_fields = ("sku",)
    readonly_fields = (
        "reserved",
        "available",
        "state_display",
        "reorder_point",
        "order_up_to",
        "daily_forecast",
        "planned_at",
    )
    fields = ("sku", "on_hand", "low_threshold", *readonly_fields)
    ordering = ("sku__code",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Stock]:
        return super().get_queryset(request).annotate(available_units=F("on_hand") - F("reserved"))

    def get_readonly_fields(self, request: HttpRequest, obj: Stock | None = None) -> tuple:
        if obj is not None:
            return ("sku", *self.readonly_fields)
        return self.readonly_fields

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {**(extra_context or {}), "restock_due": stock_low().count()}
        return super().changelist_view(request, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ):
        stock = self.get_object(request, object_id)
        if stock is not None:
            movements = StockMovement.objects.filter(sku_id=stock.sku_id).select_related("user")
            extra_context = {
                **(extra_context or {}),
                "chart": sku_chart(sku_id=stock.sku_id),
                "movements": movements[:LATEST_MOVEMENTS],
                "movements_url": reverse("admin:inventory_stockmovement_changelist")
                + f"?sku__id__exact={stock.sku_id}",
            }
        return super().change_view(request, object_id, form_url, extra_context)

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
                sku_id=obj.sku_id,
                on_hand=obj.on_hand,
                low_threshold=obj.low_threshold,
                user=merchant(request),
            )
        except ValidationError as error:
            # Reached only when an order reserved units after the form was checked.
            messages.error(request, " ".join(error.messages))
            return
        obj.pk = saved.pk


class MovementForm(forms.ModelForm):
    """Record a count correction or damage by hand; the ledger itself is never edited."""

    reason = forms.ChoiceField(
        label=_("reason"), choices=[(r.value, r.label) for r in MANUAL_REASONS]
    )

    class Meta:
        model = StockMovement
        fields = ("sku", "reason", "quantity", "note")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        quantity, sku = data.get("quantity"), data.get("sku")
        if quantity == 0:
            self.add_error("quantity", _("A stock movement needs a quantity."))
        if data.get("reason") == MovementReason.DAMAGE and (quantity or 0) > 0:
            self.add_error("quantity", _("Damage takes units away: enter a negative quantity."))
        if sku is not None and quantity is not None and quantity < 0:
            stock = Stock.objects.filter(sku=sku).first()
            on_hand, reserved = (stock.on_hand, stock.reserved) if stock else (0, 0)
            if on_hand + quantity < reserved:
                self.add_error(
                    "quantity",
                    _("Only %(free)d units are on hand and not reserved for orders.")
                    % {"free": on_hand - reserved},
                )
        return data


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    form = MovementForm
    list_display = ("created_at", "sku", "reason", "quantity", "reference", "user")
    list_filter = ("reason", "created_at")
    search_fields = ("sku__code", "reference")
    list_select_related = ("sku", "user")
    autocomplete_fields = ("sku",)
    date_hierarchy = "created_at"

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: StockMovement, form, change: bool) -> None:
        try:
            saved = stock_move(
                sku_id=obj.sku_id,
                quantity=obj.quantity,
                reason=obj.reason,
                user=merchant(request),
                note=obj.note,
            )
        except ValidationError as error:
            # Reached only when an order took the units after the form was checked.
            messages.error(request, " ".join(error.messages))
            return
        obj.pk = saved.pk

    def response_add(self, request: HttpRequest, obj: StockMovement, post_url_continue=None):
        if obj.pk is None:
            return HttpResponseRedirect(reverse("admin:inventory_stockmovement_changelist"))
        return super().response_add(request, obj, post_url_continue)
