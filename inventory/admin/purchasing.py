from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from inventory.models import (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    Supplier,
    SupplierItem,
)
from inventory.services import (
    purchase_order_cancel,
    purchase_order_receive,
    purchase_order_send,
)

from .stock import merchant

StrOrPromise = str | Promise


class SupplierItemInline(admin.TabularInline):
    model = SupplierItem
    extra = 0
    autocomplete_fields = ("sku",)


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "lead_time_days", "lead_time_spread_days", "email")
    search_fields = ("name", "code")
    inlines = (SupplierItemInline,)


class LineInline(admin.TabularInline):
    model = PurchaseOrderLine
    extra = 0
    autocomplete_fields = ("sku",)
    fields = ("sku", "quantity", "received")
    readonly_fields = ("received",)

    def _draft(self, obj: PurchaseOrder | None) -> bool:
        return obj is None or obj.status == PurchaseOrderStatus.DRAFT

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._draft(obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._draft(obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._draft(obj)


def _run(
    request: HttpRequest, queryset: QuerySet[PurchaseOrder], service: Any, done: StrOrPromise
) -> None:
    changed = 0
    for order in queryset.order_by("pk"):
        try:
            service(order_id=order.pk)
        except ValidationError as error:
            messages.error(request, f"{order}: {' '.join(error.messages)}")
        else:
            changed += 1
    if changed:
        messages.success(request, done % {"count": changed})


class ReceiveForm(forms.Form):
    """One field per line still expected, named by the line's id."""

    def __init__(self, *args, lines: list[PurchaseOrderLine], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=line.sku.code, min_value=0, max_value=line.outstanding, initial=0
            )

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


class PurchaseOrderForm(forms.ModelForm):
    class Meta:
        model = PurchaseOrder
        fields = ("supplier",)

    def clean_supplier(self) -> Supplier:
        supplier = self.cleaned_data["supplier"]
        drafts = PurchaseOrder.objects.filter(supplier=supplier, status=PurchaseOrderStatus.DRAFT)
        if self.instance.pk is None and drafts.exists():
            raise ValidationError(
                _("This supplier already has a draft: add the lines to it."), code="draft_exists"
            )
        return supplier


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin):
    form = PurchaseOrderForm
    list_display = ("__str__", "supplier", "status", "created_at", "sent_at", "closed_at")
    list_filter = ("status", "supplier")
    list_select_related = ("supplier",)
    fields = ("supplier", "status", "created_at", "sent_at", "closed_at")
    readonly_fields = ("status", "created_at", "sent_at", "closed_at")
    inlines = (LineInline,)
    actions = ("send", "cancel")
    change_form_template = "admin/inventory/purchaseorder/change_form.html"

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple:
        return ("supplier", *self.readonly_fields) if obj is not None else self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return obj is None or obj.status == PurchaseOrderStatus.DRAFT

    def get_urls(self) -> list:
        receive = self.admin_site.admin_view(self.receive_view)
        return [
            path("<int:order_id>/receive/", receive, name="inventory_purchaseorder_receive"),
            *super().get_urls(),
        ]

    @admin.action(description=_("Send the selected drafts to their suppliers"))
    def send(self, request: HttpRequest, queryset: QuerySet[PurchaseOrder]) -> None:
        _run(request, queryset, purchase_order_send, _("Sent %(count)d purchase orders."))

    @admin.action(description=_("Cancel the selected purchase orders"))
    def cancel(self, request: HttpRequest, queryset: QuerySet[PurchaseOrder]) -> None:
        _run(request, queryset, purchase_order_cancel, _("Cancelled %(count)d purchase orders."))

    def receive_view(self, request: HttpRequest, order_id: int) -> Any:
        if not self.has_change_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        order = get_object_or_404(PurchaseOrder, pk=order_id)
        lines = [line for line in order.lines.select_related("sku") if line.outstanding]
        form = ReceiveForm(request.POST or None, lines=lines)
        if request.method == "POST" and form.is_valid():
            try:
                purchase_order_receive(
                    order_id=order.pk, quantities=form.quantities(), user=merchant(request)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The units were added to stock."))
                return HttpResponseRedirect(
                    reverse("admin:inventory_purchaseorder_change", args=[order.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Receive %(order)s") % {"order": order},
            "order": order,
            "form": form,
            "rows": [(line, form[f"line_{line.pk}"]) for line in lines],
        }
        return TemplateResponse(request, "admin/inventory/purchaseorder/receive.html", context)
