"""The merchants' back office for orders and refunds: read the history, act through services."""

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten
from django.core.exceptions import ValidationError
from django.db.models import Count, Model, Q, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from payments.providers.base import PaymentError
from shop.ids import as_id

from .models import (
    Actor,
    Order,
    OrderAdjustment,
    OrderEvent,
    OrderLine,
    Refund,
    RefundLine,
    RefundStatus,
)
from .services import (
    order_cancel,
    order_deliver,
    order_ship,
    refund_approve,
    refund_full,
    refund_refuse,
)


class ShipForm(forms.Form):
    order = forms.IntegerField(widget=forms.HiddenInput)
    carrier = forms.CharField(label=_("carrier"), max_length=100)
    tracking_number = forms.CharField(label=_("tracking number"), max_length=64)


ShipFormSet = forms.formset_factory(ShipForm, extra=0)


class RefuseForm(forms.Form):
    note = forms.CharField(
        label=_("note to the shopper"),
        max_length=255,
        help_text=_("Why the refund is refused; the shopper reads it."),
    )


def refusal_text(error: Exception) -> str:
    """Return what a refused service or gateway says, in the merchant's language."""
    if isinstance(error, PaymentError):
        return error.reason
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def run_each(
    request: HttpRequest,
    items: Iterable[Any],
    change: Callable[[Any], object],
    done: Any,
    label: Callable[[Any], str] = str,
) -> None:
    """Apply one service call per item and say what happened: a count and each refusal.

    `done` is an ngettext_lazy message keyed on "count".
    """
    count = 0
    for item in items:
        try:
            change(item)
        except (ValidationError, PaymentError) as error:
            messages.error(request, f"{label(item)}: {refusal_text(error)}")
        else:
            count += 1
    if count:
        messages.success(request, done % {"count": count})


def intermediate_page(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    template: str,
    *,
    title: Any,
    action: str,
    queryset: QuerySet,
    **context: Any,
) -> TemplateResponse:
    """Render an action's form, which posts back to the list with the same selection."""
    return TemplateResponse(
        request,
        f"admin/orders/{template}",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": title,
            "action": action,
            "selected": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )


def refund_label(refund: Refund) -> str:
    return gettext("Refund of order %(number)s") % {"number": refund.order.number}


def shown(model: type[Model], *hidden: str) -> tuple[str, ...]:
    """Name a model's fields in their order, but its id and the hidden ones."""
    return tuple(field.name for field in model._meta.fields if field.name not in {"id", *hidden})


class ActionsOnlyAdmin(admin.ModelAdmin):
    """Frozen history that changes only through the list's actions, each one service call."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # No change form: the list's actions, allowed to whoever may change, move the state.
        return obj is None and super().has_change_permission(request)


class ReadOnlyInline(admin.TabularInline):
    """Frozen history: shown, never edited, added or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = readonly_fields = shown(OrderLine, "order", "product", "sku")


class OrderAdjustmentInline(ReadOnlyInline):
    model = OrderAdjustment
    fields = ("line", "promotion_key", "promotion_name", "layer", "amount")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderAdjustment]:
        return super().get_queryset(request).select_related("line")


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    verbose_name_plural = _("timeline")
    fields = ("created_at", "from_status", "to_status", "actor", "user", "note")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[OrderEvent]:
        return super().get_queryset(request).select_related("user")


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ("created_at", "status", "amount", "shipping", "requested_by", "reason", "note")
    readonly_fields = fields
    show_change_link = True


SHIPMENT_DATES = (("shipped_at", "delivered_at"), ("completed_at", "cancelled_at"))
ORDER_FIELDSETS = (
    (None, {"fields": ("number", "status", "user", "email", "payment_method", "codes")}),
    (
        _("Money"),
        {"fields": ("subtotal", "discount", "shipping", "shipping_discount", "total", "refunded")},
    ),
    (_("Dates"), {"fields": (("placed_at", "expires_at", "paid_at"), *SHIPMENT_DATES)}),
    (
        _("Delivery"),
        {"fields": (("shipping_method", "carrier", "tracking_number"), ("recipient", "phone"))},
    ),
    (_("Address"), {"fields": (("country", "province", "city", "district"), "street", "postcode")}),
)

CSV_COLUMNS = (
    (_("number"), lambda order: order.number),
    (_("placed at"), lambda order: timezone.localtime(order.placed_at).strftime("%Y-%m-%d %H:%M")),
    (_("status"), lambda order: order.get_status_display()),
    (_("customer"), lambda order: order.user.get_username() if order.user else ""),
    (_("recipient"), lambda order: order.recipient),
    (_("city"), lambda order: order.city),
    (_("payment method"), lambda order: order.payment_method),
    (_("subtotal"), lambda order: str(order.subtotal)),
    (_("discount"), lambda order: str(order.discount)),
    (_("shipping"), lambda order: str(order.shipping)),
    (_("shipping discount"), lambda order: str(order.shipping_discount)),
    (_("total"), lambda order: str(order.total)),
    (_("refunded"), lambda order: str(order.refunded)),
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def orders_csv(orders: QuerySet[Order]) -> Iterator[str]:
    """Yield the orders as CSV rows, after a byte-order mark so that Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(title) for title, _value in CSV_COLUMNS])
    for order in orders.iterator(chunk_size=500):
        yield writer.writerow([value(order) for _title, value in CSV_COLUMNS])


@admin.register(Order)
class OrderAdmin(ActionsOnlyAdmin):
    list_display = (
        "number",
        "placed_at",
        "user",
        "status",
        "payment_method",
        "total",
        "refunded",
        "refund_waiting",
    )
    list_filter = ("status", "placed_at", "payment_method", "shipping_method")
    list_select_related = ("user",)
    date_hierarchy = "placed_at"
    search_fields = ("number", "recipient", "phone", "email", "user__username", "user__email")
    fieldsets = ORDER_FIELDSETS
    readonly_fields = tuple(
        field for _name, options in ORDER_FIELDSETS for field in flatten(options["fields"])
    )
    inlines = (OrderLineInline, OrderAdjustmentInline, OrderEventInline, RefundInline)
    actions = ("ship", "mark_delivered", "cancel_unpaid", "refund_everything", "export_csv")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Order]:
        open_refunds = Count("refunds", filter=Q(refunds__status=RefundStatus.REQUESTED))
        return super().get_queryset(request).annotate(open_refunds=open_refunds)

    @admin.display(description=_("refund requested"), boolean=True, ordering="open_refunds")
    def refund_waiting(self, obj: Order) -> bool:
        return bool(obj.open_refunds)  # type: ignore[attr-defined]

    @admin.action(description=_("Ship the selected orders"), permissions=["change"])
    def ship(self, request: HttpRequest, queryset: QuerySet[Order]) -> Any:
        orders = {order.pk: order for order in queryset}
        if "apply" in request.POST:
            formset = ShipFormSet(request.POST)
            if formset.is_valid():
                shipments = [row for row in formset.cleaned_data if row["order"] in orders]
                run_each(
                    request,
                    shipments,
                    lambda row: order_ship(
                        order=orders[row["order"]],
                        carrier=row["carrier"],
                        tracking_number=row["tracking_number"],
                        user=request.user,
                    ),
                    ngettext_lazy("%(count)d order shipped.", "%(count)d orders shipped.", "count"),
                    label=lambda row: orders[row["order"]].number,
                )
                return None
        else:
            formset = ShipFormSet(initial=[{"order": pk} for pk in orders])
        rows = [(form, orders.get(as_id(form["order"].value()))) for form in formset]
        return intermediate_page(
            request,
            self,
            "order/ship.html",
            title=_("Ship orders"),
            action="ship",
            queryset=queryset,
            formset=formset,
            rows=rows,
        )

    @admin.action(description=_("Mark the selected orders delivered"), permissions=["change"])
    def mark_delivered(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        run_each(
            request,
            queryset,
            lambda order: order_deliver(order=order, actor=Actor.MERCHANT, user=request.user),
            ngettext_lazy(
                "%(count)d order marked delivered.", "%(count)d orders marked delivered.", "count"
            ),
        )

    @admin.action(description=_("Cancel the selected unpaid orders"), permissions=["change"])
    def cancel_unpaid(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        run_each(
            request,
            queryset,
            lambda order: order_cancel(order=order, actor=Actor.MERCHANT, user=request.user),
            ngettext_lazy("%(count)d order cancelled.", "%(count)d orders cancelled.", "count"),
        )

    @admin.action(description=_("Refund the selected orders in full"), permissions=["change"])
    def refund_everything(self, request: HttpRequest, queryset: QuerySet[Order]) -> None:
        run_each(
            request,
            queryset,
            lambda order: refund_whole(order, request),
            ngettext_lazy("%(count)d order refunded.", "%(count)d orders refunded.", "count"),
        )

    @admin.action(description=_("Export the selected orders as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Order]) -> Any:
        orders = Order.objects.filter(pk__in=queryset.values("pk")).select_related("user")
        response = StreamingHttpResponse(orders_csv(orders), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="orders-{stamp}.csv"'
        return response


def refund_whole(order: Order, request: HttpRequest) -> Refund:
    return refund_full(
        order=order, user=request.user, reason=gettext("Refunded in full by the merchant.")
    )


class RefundLineInline(ReadOnlyInline):
    model = RefundLine
    fields = ("line", "quantity", "amount")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[RefundLine]:
        return super().get_queryset(request).select_related("line")


@admin.register(Refund)
class RefundAdmin(ActionsOnlyAdmin):
    list_display = (
        "id",
        "order",
        "created_at",
        "status",
        "amount",
        "shipping",
        "requested_by",
        "reason",
        "decided_at",
    )
    list_filter = ("status", "requested_by", "created_at")
    list_select_related = ("order",)
    search_fields = ("order__number", "reason")
    fields = readonly_fields = shown(Refund)
    inlines = (RefundLineInline,)
    actions = ("approve", "refuse")

    @admin.action(description=_("Approve and pay the selected refunds"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Refund]) -> None:
        run_each(
            request,
            queryset,
            lambda refund: refund_approve(refund=refund, user=request.user),
            ngettext_lazy("%(count)d refund paid.", "%(count)d refunds paid.", "count"),
            label=refund_label,
        )

    @admin.action(description=_("Refuse the selected refunds"), permissions=["change"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[Refund]) -> Any:
        form = RefuseForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            run_each(
                request,
                queryset,
                lambda refund: refund_refuse(
                    refund=refund, user=request.user, note=form.cleaned_data["note"]
                ),
                ngettext_lazy("%(count)d refund refused.", "%(count)d refunds refused.", "count"),
                label=refund_label,
            )
            return None
        return intermediate_page(
            request,
            self,
            "refund/refuse.html",
            title=_("Refuse refunds"),
            action="refuse",
            queryset=queryset,
            form=form,
        )
