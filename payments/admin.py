from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Notification, Payment, PaymentRefund
from .providers.base import PaymentError
from .services import payment_refund_flagged


class RefundInline(admin.TabularInline):
    model = PaymentRefund
    extra = 0
    can_delete = False
    readonly_fields = ["refund_no", "amount", "status", "gateway_reference", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Payment | None = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = [
        "trade_no",
        "order",
        "provider",
        "amount",
        "status",
        "needs_refund",
        "created_at",
        "paid_at",
    ]
    list_filter = ["provider", "status", "needs_refund", "created_at"]
    search_fields = ["trade_no", "order__number", "gateway_reference"]
    date_hierarchy = "created_at"
    list_select_related = ["order"]
    # Payments are written by gateways through the services; the merchant reads them here.
    readonly_fields = [
        "order",
        "provider",
        "trade_no",
        "amount",
        "currency",
        "status",
        "gateway_reference",
        "merchant_id",
        "qr_data",
        "created_at",
        "paid_at",
        "needs_refund",
        "refund_reason",
    ]
    inlines = [RefundInline]
    actions = ["refund_flagged"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Payment | None = None) -> bool:
        return False

    @admin.action(description=_("Pay back the selected payments flagged for refund"))
    def refund_flagged(self, request: HttpRequest, queryset: QuerySet[Payment]) -> None:
        done = 0
        for payment in queryset:
            try:
                payment_refund_flagged(payment=payment)
            except PaymentError as error:
                self.message_user(request, f"{payment.trade_no}: {error.reason}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d payment paid back.", "%(count)d payments paid back.", done)
                % {"count": done},
                messages.SUCCESS,
            )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "provider", "received_at", "outcome", "reason", "event_id", "payment"]
    list_filter = ["outcome", "provider", "received_at"]
    search_fields = ["event_id", "payment__trade_no", "reason"]
    date_hierarchy = "received_at"
    list_select_related = ["payment"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False


@admin.register(PaymentRefund)
class PaymentRefundAdmin(admin.ModelAdmin):
    list_display = ["refund_no", "payment", "amount", "status", "gateway_reference", "created_at"]
    list_filter = ["status", "payment__provider"]
    search_fields = ["refund_no", "payment__trade_no", "payment__order__number"]
    list_select_related = ["payment"]
    readonly_fields = [
        "payment",
        "refund_no",
        "amount",
        "status",
        "gateway_reference",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PaymentRefund | None = None) -> bool:
        return False
