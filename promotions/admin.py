"""The merchants' back office for promotions, coupon codes and customer segments."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.forms import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from backoffice.audit import AuditedAdmin
from promotions.engine import CaseError, price_case

from . import io
from .cache import promotions_changed
from .definitions import pricing_case, promotion_definition
from .forms import (
    KIND_DESCRIPTIONS,
    KIND_FORMS,
    CouponCodeForm,
    GenerateCodesForm,
    ImportForm,
    PreviewForm,
    PreviewLineFormSet,
    PromotionTargetForm,
    promotion_form,
)
from .models import (
    CouponCode,
    CustomerSegment,
    Promotion,
    PromotionKind,
    PromotionSimulation,
    PromotionState,
    PromotionStatus,
    PromotionTarget,
    PromotionUsage,
    SimulationStatus,
)
from .selectors import budget_left, in_state, next_promotion_key, promotion_state, with_usage
from .services import (
    coupon_codes_generate,
    promotion_duplicate,
    promotion_simulation_request,
    promotions_set_status,
)
from .simulation import check_definition

CODES_SHOWN = 50
ITEM_KINDS = {
    PromotionKind.SPECIAL_PRICE,
    PromotionKind.PERCENT_OFF,
    PromotionKind.AMOUNT_OFF,
    PromotionKind.TIER_PRICE,
}


LAYERS = {
    "item": _("item"),
    "multi_unit": _("multi-unit"),
    "order": _("order"),
    "coupon": _("coupon"),
    "shipping": _("shipping"),
}
REASONS = {
    "not_started": _("not started yet"),
    "ended": _("ended"),
    "not_eligible_customer": _("not for this customer, order or channel"),
    "code_not_given": _("its code was not given"),
    "usage_limit_reached": _("its order limit is reached"),
    "customer_limit_reached": _("this customer's limit is reached"),
    "budget_exhausted": _("its budget is used up"),
    "stock_cap_reached": _("its units at this price are sold"),
    "no_eligible_items": _("no item in the cart is eligible"),
    "excluded": _("excluded by an exclusive promotion"),
    "coupon_limit": _("the order already uses as many codes as allowed"),
    "min_not_met": _("its threshold is not reached"),
    "not_best": _("another choice costs the shopper less"),
    "unknown_code": _("no promotion has this code"),
}


def describe_hint(hint: dict[str, Any] | None) -> str:
    """Say what the next tier asks and gives, in the merchant's language."""
    if not hint:
        return ""
    if "spend_more" in hint:
        condition = gettext("spend %(amount)s more") % {"amount": hint["spend_more"]}
    else:
        condition = gettext("add %(qty)s more units") % {"qty": hint.get("add_qty")}
    reward = hint.get("reward") or {}
    if "amount_off" in reward:
        gain = gettext("%(amount)s off") % {"amount": reward["amount_off"]}
    elif "percent_off" in reward:
        gain = gettext("%(percent)s%% off") % {"percent": reward["percent_off"]}
    elif "sku" in reward:
        gain = gettext("%(qty)s × %(sku)s free") % {
            "qty": reward.get("qty", 1),
            "sku": reward["sku"],
        }
    else:
        gain = gettext("the whole shipping fee off")
    return gettext("Next tier: %(condition)s to get %(reward)s.") % {
        "condition": condition,
        "reward": gain,
    }


def describe_result(result: dict[str, Any]) -> dict[str, Any]:
    """Return the engine's result with promotion names and reasons the merchant can read."""
    names = dict(Promotion.objects.values_list("key", "name"))

    def name(key: str | None) -> str:
        return f"{key} {names[key]}" if key in names else key or ""

    return {
        **result,
        "lines": [
            {
                **line,
                "adjustments": [
                    {**entry, "name": name(entry["promotion"])} for entry in line["adjustments"]
                ],
            }
            for line in result["lines"]
        ],
        "applied": [
            {
                **entry,
                "name": name(entry["promotion"]),
                "layer": LAYERS.get(entry["layer"], entry["layer"]),
                "hint": describe_hint(entry.get("hint")),
            }
            for entry in result["applied"]
        ],
        "not_applied": [
            {
                **entry,
                "name": name(entry.get("promotion")) or entry.get("code", ""),
                "reason": REASONS.get(entry["reason"], entry["reason"]),
                "by": name(entry.get("by")),
                "hint": describe_hint(entry.get("hint")),
            }
            for entry in result["not_applied"]
        ],
    }


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(PromotionState.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Promotion]) -> QuerySet[Promotion]:
        state = self.value()
        if state is None or state not in PromotionState.values:
            return queryset
        return in_state(queryset, state, now=timezone.now())


class PromotionTargetInline(admin.TabularInline):
    model = PromotionTarget
    form = PromotionTargetForm
    fields = ("role", "sku", "product", "category", "brand", "tag")
    autocomplete_fields = ("sku", "product", "category", "brand", "tag")
    extra = 1
    verbose_name = _("target")
    verbose_name_plural = _("Targets (none: every item)")

    def get_formset(self, request: HttpRequest, obj: Promotion | None = None, **kwargs: Any) -> Any:
        kind = obj.kind if obj is not None else request.GET.get("kind", "")
        kwargs["form"] = type("PromotionTargetForm", (PromotionTargetForm,), {"kind": kind})
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[PromotionTarget]:
        return (
            super()
            .get_queryset(request)
            .select_related("sku", "product", "category", "brand", "tag")
        )


class FirstCodesFormSet(BaseInlineFormSet):
    """Edit the first codes only: a batch can hold ten thousand."""

    def get_queryset(self) -> Any:
        if not hasattr(self, "_first_codes"):
            self._first_codes = list(super().get_queryset()[:CODES_SHOWN])
        return self._first_codes


class CouponCodeInline(admin.TabularInline):
    model = CouponCode
    form = CouponCodeForm
    formset = FirstCodesFormSet
    fields = ("code", "user", "single_use", "used_at", "order")
    readonly_fields = ("used_at", "order")
    autocomplete_fields = ("user",)
    extra = 1
    verbose_name_plural = _("Coupon codes (the first 50)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CouponCode]:
        return super().get_queryset(request).select_related("user", "order")


@admin.register(Promotion)
class PromotionAdmin(AuditedAdmin, TranslationAdmin):
    list_display = (
        "key",
        "name",
        "kind",
        "window",
        "state",
        "uses",
        "discount_given",
        "budget_left",
    )
    list_display_links = ("key", "name")
    list_filter = (StateFilter, "kind")
    search_fields = ("key", "name_zh_hans", "name_en", "codes__code")
    readonly_fields = ("kind_display", "usage_summary", "codes_summary", "created_at", "updated_at")
    inlines = (PromotionTargetInline, CouponCodeInline)
    actions = ("activate", "pause", "duplicate", "export_json", "export_codes_csv", "simulate")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Promotion]:
        return with_usage(super().get_queryset(request))

    def kind_for(self, request: HttpRequest, obj: Promotion | None) -> str | None:
        kind = obj.kind if obj is not None else request.GET.get("kind")
        return kind if kind in KIND_FORMS else None

    def form_for(self, request: HttpRequest, obj: Promotion | None) -> Any:
        kind = self.kind_for(request, obj)
        if kind is None:
            raise Http404
        tiers = len((obj.params or {}).get("tiers") or ()) if obj is not None else 0
        return promotion_form(kind, tiers)

    def get_form(
        self,
        request: HttpRequest,
        obj: Promotion | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        kwargs["form"] = self.form_for(request, obj)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Promotion | None = None) -> Any:
        form = self.form_for(request, obj)
        combining = ("priority",) if form.kind in ITEM_KINDS else ("exclusive_group", "exclusive")
        fieldsets: list[tuple[Any, dict[str, Any]]] = [
            (None, {"fields": ("key", "name_zh_hans", "name_en", "kind_display", "status")}),
            (
                _("Offer"),
                {"fields": form.param_layout(), "description": KIND_DESCRIPTIONS[form.kind]},
            ),
            (
                _("When and for whom"),
                {"fields": (("starts_at", "ends_at"), "segments", "first_order", "channels")},
            ),
            (_("Combining with other promotions"), {"fields": combining}),
            (_("Limits"), {"fields": form.limit_fields}),
        ]
        if obj is not None:
            fieldsets.append(
                (
                    _("Usage so far"),
                    {"fields": ("usage_summary", "codes_summary", "created_at", "updated_at")},
                )
            )
        return fieldsets

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"key": next_promotion_key()}

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        if self.kind_for(request, None) is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return self.choose_kind_view(request)
        return super().add_view(request, form_url, extra_context)

    def choose_kind_view(self, request: HttpRequest) -> TemplateResponse:
        add_url = reverse("admin:promotions_promotion_add")
        kinds = [
            {
                "label": label,
                "description": KIND_DESCRIPTIONS[value],
                "url": f"{add_url}?{urlencode({'kind': value})}",
            }
            for value, label in PromotionKind.choices
        ]
        return self.page(request, "choose_kind.html", _("Choose a kind of promotion"), kinds=kinds)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        promotions_changed()

    def delete_model(self, request: HttpRequest, obj: Promotion) -> None:
        super().delete_model(request, obj)
        promotions_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Promotion]) -> None:
        super().delete_queryset(request, queryset)
        promotions_changed()

    @admin.display(description=_("kind"))
    def kind_display(self, obj: Promotion | None) -> str:
        return obj.get_kind_display() if obj is not None and obj.pk else ""

    @admin.display(description=_("window"))
    def window(self, obj: Promotion) -> str:
        def moment(value: Any) -> str:
            return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")

        if obj.starts_at and obj.ends_at:
            return f"{moment(obj.starts_at)} – {moment(obj.ends_at)}"
        if obj.starts_at:
            return gettext("from %(start)s") % {"start": moment(obj.starts_at)}
        if obj.ends_at:
            return gettext("until %(end)s") % {"end": moment(obj.ends_at)}
        return gettext("always")

    @admin.display(description=_("state"))
    def state(self, obj: Promotion) -> Any:
        return PromotionState(promotion_state(obj, now=timezone.now())).label

    @admin.display(description=_("uses"), ordering="uses")
    def uses(self, obj: Promotion) -> int:
        return obj.uses  # type: ignore[attr-defined]

    @admin.display(description=_("discount given"), ordering="discount_given")
    def discount_given(self, obj: Promotion) -> Any:
        return obj.discount_given  # type: ignore[attr-defined]

    @admin.display(description=_("budget left"))
    def budget_left(self, obj: Promotion) -> Any:
        left = budget_left(obj)
        return "—" if left is None else left

    @admin.display(description=_("usage"))
    def usage_summary(self, obj: Promotion) -> str:
        return format_html(
            "{}: {} · {}: {} · {}: {} · {}: {}",
            _("orders"),
            obj.uses,  # type: ignore[attr-defined]
            _("discount given"),
            obj.discount_given,  # type: ignore[attr-defined]
            _("units sold"),
            obj.units_sold,  # type: ignore[attr-defined]
            _("budget left"),
            self.budget_left(obj),
        )

    @admin.display(description=_("coupon codes"))
    def codes_summary(self, obj: Promotion) -> str:
        total = obj.codes.count()
        return format_html(
            '{} · <a href="{}">{}</a> · <a href="{}">{}</a>',
            ngettext("%(count)d code", "%(count)d codes", total) % {"count": total},
            reverse("admin:promotions_promotion_generate_codes", args=[obj.pk]),
            _("Generate codes"),
            reverse("admin:promotions_promotion_codes_csv", args=[obj.pk]),
            _("Download all as CSV"),
        )

    @admin.action(description=_("Activate the selected promotions"), permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet[Promotion]) -> None:
        changed = promotions_set_status(
            promotion_ids=queryset.values_list("pk", flat=True), status=PromotionStatus.ACTIVE
        )
        self.message_user(
            request,
            ngettext("%(count)d promotion activated.", "%(count)d promotions activated.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Pause the selected promotions"), permissions=["change"])
    def pause(self, request: HttpRequest, queryset: QuerySet[Promotion]) -> None:
        changed = promotions_set_status(
            promotion_ids=queryset.values_list("pk", flat=True), status=PromotionStatus.PAUSED
        )
        self.message_user(
            request,
            ngettext("%(count)d promotion paused.", "%(count)d promotions paused.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Duplicate the selected promotions"), permissions=["add"])
    def duplicate(self, request: HttpRequest, queryset: QuerySet[Promotion]) -> None:
        copies = [promotion_duplicate(promotion=promotion).key for promotion in queryset]
        self.message_user(
            request,
            gettext("Copied, paused: %(keys)s.") % {"keys": ", ".join(copies)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export the selected promotions as JSON"), permissions=["view"])
    def export_json(self, request: HttpRequest, queryset: QuerySet[Promotion]) -> HttpResponse:
        return json_download(
            io.promotions_export(Promotion.objects.filter(pk__in=queryset.values("pk")))
        )

    @admin.action(
        description=_("Download the codes of the selected promotions"), permissions=["view"]
    )
    def export_codes_csv(self, request: HttpRequest, queryset: QuerySet[Promotion]) -> Any:
        return csv_download(
            Promotion.objects.filter(pk__in=queryset.values("pk")), "coupon-codes.csv"
        )

    @admin.action(description=_("Simulate on past orders"), permissions=["view"])
    def simulate(self, request: HttpRequest, queryset: QuerySet[Promotion]) -> Any:
        chosen = list(queryset.values_list("pk", flat=True)[:2])
        if len(chosen) != 1:
            self.message_user(request, _("Choose one promotion to simulate."), messages.WARNING)
            return None
        add_url = reverse("admin:promotions_promotionsimulation_add")
        return redirect(f"{add_url}?{urlencode({'promotion': chosen[0]})}")

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="promotions_promotion_import"),
            path("export/", view(self.export_view), name="promotions_promotion_export"),
            path("preview/", view(self.preview_view), name="promotions_promotion_preview"),
            path(
                "<int:pk>/preview/",
                view(self.preview_view),
                name="promotions_promotion_preview_one",
            ),
            path(
                "<int:pk>/codes/generate/",
                view(self.generate_codes_view),
                name="promotions_promotion_generate_codes",
            ),
            path(
                "<int:pk>/codes/csv/",
                view(self.codes_csv_view),
                name="promotions_promotion_codes_csv",
            ),
            *super().get_urls(),
        ]

    def page(
        self, request: HttpRequest, template: str, title: Any, **context: Any
    ) -> TemplateResponse:
        return TemplateResponse(
            request,
            f"admin/promotions/promotion/{template}",
            {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **context},
        )

    def promotion_or_404(self, request: HttpRequest, pk: int) -> Promotion:
        promotion = self.get_object(request, str(pk))
        if promotion is None:
            raise Http404
        return promotion

    def generate_codes_view(self, request: HttpRequest, pk: int) -> Any:
        promotion = self.promotion_or_404(request, pk)
        if not self.has_change_permission(request, promotion):
            raise PermissionDenied
        form = GenerateCodesForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                codes = coupon_codes_generate(
                    promotion=promotion,
                    prefix=form.cleaned_data["code_prefix"],
                    count=form.cleaned_data.get("count") or 0,
                    users=form.cleaned_data.get("users") or (),
                    single_use=form.cleaned_data["single_use"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    ngettext("%(count)d code generated.", "%(count)d codes generated.", len(codes))
                    % {"count": len(codes)},
                    messages.SUCCESS,
                )
                return redirect("admin:promotions_promotion_change", promotion.pk)
        return self.page(
            request,
            "generate_codes.html",
            gettext("Generate codes for %(promotion)s") % {"promotion": promotion},
            form=form,
            original=promotion,
        )

    def codes_csv_view(self, request: HttpRequest, pk: int) -> Any:
        promotion = self.promotion_or_404(request, pk)
        if not self.has_view_permission(request, promotion):
            raise PermissionDenied
        return csv_download(
            Promotion.objects.filter(pk=promotion.pk), f"coupon-codes-{promotion.key}.csv"
        )

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return json_download(io.promotions_export())

    def import_view(self, request: HttpRequest) -> Any:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        if request.method == "POST" and form.is_valid():
            try:
                definitions = io.read_promotions(form.cleaned_data["file"].read())
                summary = io.promotions_import(definitions_list=definitions)
            except io.ImportRefused as error:
                form.add_error(
                    "file",
                    gettext("Nothing was imported. %(path)s: %(message)s")
                    % {"path": error.path, "message": error.message},
                )
            else:
                self.message_user(
                    request,
                    gettext("Imported: %(created)d created, %(updated)d updated.")
                    % {"created": len(summary.created), "updated": len(summary.updated)},
                    messages.SUCCESS,
                )
                return redirect("admin:promotions_promotion_changelist")
        return self.page(request, "import.html", _("Import promotions"), form=form)

    def preview_view(self, request: HttpRequest, pk: int | None = None) -> TemplateResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        promotion = self.promotion_or_404(request, pk) if pk is not None else None
        submitted = "form-TOTAL_FORMS" in request.GET
        form = PreviewForm(request.GET if submitted else None)
        lines = PreviewLineFormSet(request.GET if submitted else None)
        context: dict[str, Any] = {"form": form, "lines": lines, "original": promotion}
        if submitted and form.is_valid() and lines.is_valid():
            context.update(self.priced(form.cleaned_data, lines.cleaned_data, promotion))
        title = (
            gettext("Preview prices with %(promotion)s") % {"promotion": promotion}
            if promotion is not None
            else _("Preview prices")
        )
        context["media"] = form.media + lines.media
        return self.page(request, "preview.html", title, **context)

    def priced(
        self, options: dict[str, Any], rows: list[dict[str, Any]], promotion: Promotion | None
    ) -> dict[str, Any]:
        cart = [(row["sku"].code, row["qty"]) for row in rows if row.get("sku")]
        if not cart:
            return {"problem": _("Add at least one SKU to the cart.")}
        case = pricing_case(
            lines=cart,
            now=options["at"] or timezone.now(),
            promotion=promotion,
            codes=options["codes"],
            segments=[segment.slug for segment in options["segments"]],
            first_order=options["first_order"],
            channel=options["channel"] or None,
            shipping=options["shipping"],
            max_coupons=options["max_coupons"],
        )
        try:
            result = price_case(case)
        except CaseError as error:
            return {"problem": f"{error.path}: {error.message}"}
        return {"result": describe_result(result)}


def json_download(definitions: list[dict[str, Any]]) -> HttpResponse:
    response = HttpResponse(io.export_text(definitions), content_type="application/json")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="promotions-{stamp}.json"'
    return response


def csv_download(promotions: QuerySet[Promotion], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(io.coupon_codes_csv(promotions), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(CustomerSegment)
class CustomerSegmentAdmin(TranslationAdmin):
    list_display = ("name", "slug", "member_count")
    search_fields = ("name_zh_hans", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("members",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CustomerSegment]:
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: CustomerSegment) -> int:
        return obj.member_total

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        promotions_changed()

    def delete_model(self, request: HttpRequest, obj: CustomerSegment) -> None:
        super().delete_model(request, obj)
        promotions_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CustomerSegment]) -> None:
        super().delete_queryset(request, queryset)
        promotions_changed()


@admin.register(CouponCode)
class CouponCodeAdmin(admin.ModelAdmin):
    """Find a code among every batch; edit a promotion's codes inside the promotion."""

    form = CouponCodeForm
    list_display = ("code", "promotion", "user", "single_use", "used_at", "order")
    list_select_related = ("promotion", "user", "order")
    list_filter = ("single_use", ("used_at", admin.EmptyFieldListFilter))
    search_fields = ("code", "promotion__key", "user__username", "user__email")
    autocomplete_fields = ("promotion", "user")
    fields = ("promotion", "code", "user", "single_use", "used_at", "order")
    readonly_fields = ("used_at", "order")

    def save_model(self, request: HttpRequest, obj: CouponCode, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        promotions_changed()

    def delete_model(self, request: HttpRequest, obj: CouponCode) -> None:
        super().delete_model(request, obj)
        promotions_changed()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CouponCode]) -> None:
        super().delete_queryset(request, queryset)
        promotions_changed()


@admin.register(PromotionUsage)
class PromotionUsageAdmin(admin.ModelAdmin):
    """What each order took from each promotion; written by the checkout, read here."""

    list_display = ("promotion", "order", "user", "discount", "units", "created_at", "released_at")
    list_select_related = ("promotion", "order", "user")
    list_filter = (("released_at", admin.EmptyFieldListFilter),)
    search_fields = ("promotion__key", "order__number", "user__username")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SimulationForm(forms.ModelForm):
    """A promotion, saved or as a definition, and the days of orders to re-price."""

    definition = forms.JSONField(
        label=_("definition"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=_("Or a promotion not saved yet, in the pricing spec's JSON shape."),
    )
    date_from = forms.DateField(label=_("orders from"), widget=AdminDateWidget)
    date_to = forms.DateField(
        label=_("orders until"), widget=AdminDateWidget, help_text=_("This day included.")
    )

    class Meta:
        model = PromotionSimulation
        fields = ("promotion", "definition", "alone")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        promotion, definition = data.get("promotion"), data.get("definition")
        if (promotion is None) == (definition is None):
            raise ValidationError(
                _("Choose a promotion or give a definition, not both."), code="one_promotion"
            )
        checked = ("definition", definition) if definition is not None else None
        if promotion is not None:
            # A saved promotion can stop compiling, e.g. once its gift SKU is deleted.
            checked = ("promotion", promotion_definition(promotion))
        if checked is not None:
            try:
                check_definition(checked[1])
            except CaseError as error:
                self.add_error(checked[0], f"{error.path}: {error.message}")
        first, last = data.get("date_from"), data.get("date_to")
        if first and last:
            if last < first:
                self.add_error("date_to", _("The last day comes before the first."))
            data["starts_at"] = shop_midnight(first)
            data["ends_at"] = shop_midnight(last + timedelta(days=1))
        return data


def shop_midnight(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


RESULT_LABELS = {
    "orders": _("orders re-priced"),
    "orders_touched": _("orders it touches"),
    "discount": _("discount it gives"),
    "extra_discount": _("extra discount, net of the promotions it displaces"),
    "average_without": _("average order value without it"),
    "average_with": _("average order value with it"),
    "average_paid": _("average order value paid"),
    "total_without": _("total without it"),
    "total_with": _("total with it"),
    "total_paid": _("total paid"),
    "not_optimal": _("pricings not proven the cheapest"),
}


@admin.register(PromotionSimulation)
class PromotionSimulationAdmin(admin.ModelAdmin):
    """Start a simulation on past orders, follow its status and read its result."""

    form = SimulationForm
    list_display = (
        "__str__",
        "status",
        "starts_at",
        "ends_at",
        "touched",
        "discount",
        "created_at",
    )
    list_filter = ("status",)
    list_select_related = ("promotion",)
    autocomplete_fields = ("promotion",)
    readonly_fields = ("summary",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("promotion", "definition", "date_from", "date_to", "alone")
        return (
            "promotion",
            "definition",
            "starts_at",
            "ends_at",
            "alone",
            "status",
            "summary",
            "error",
            "requested_by",
            "created_at",
            "finished_at",
        )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        today = timezone.localdate()
        return {
            **super().get_changeform_initial_data(request),
            "date_from": today - timedelta(days=30),
            "date_to": today - timedelta(days=1),
        }

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: PromotionSimulation, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        created = promotion_simulation_request(
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            promotion=data["promotion"],
            definition=data["definition"],
            alone=data["alone"],
            user=request.user,
        )
        # The admin logs and redirects to the object it was given: make it the row created.
        obj.pk = created.pk
        obj.refresh_from_db()

    def response_add(self, request: HttpRequest, obj: PromotionSimulation, *args: Any) -> Any:
        self.message_user(
            request, _("The simulation has started; its result shows here."), messages.SUCCESS
        )
        return redirect("admin:promotions_promotionsimulation_change", obj.pk)

    @admin.display(description=_("orders touched"))
    def touched(self, obj: PromotionSimulation) -> Any:
        return (obj.result or {}).get("orders_touched", "—")

    @admin.display(description=_("discount"))
    def discount(self, obj: PromotionSimulation) -> Any:
        return (obj.result or {}).get("discount", "—")

    @admin.display(description=_("result"))
    def summary(self, obj: PromotionSimulation) -> str:
        if obj.status == SimulationStatus.FAILED:
            return gettext("The simulation failed: see the error below.")
        if not obj.result:
            return gettext("No result yet: reload this page in a moment.")
        return format_html(
            "<table>{}</table>",
            format_html_join(
                "",
                "<tr><th>{}</th><td>{}</td></tr>",
                ((label, obj.result.get(key, "—")) for key, label in RESULT_LABELS.items()),
            ),
        )
