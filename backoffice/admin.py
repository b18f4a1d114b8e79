"""The audit log and exchange rates in admin, and the dashboard's link on the index."""

import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .currency import rates_changed
from .models import AuditEntry, ExchangeRate

# The admin index gains a link to the sales dashboard (templates/admin/backoffice/).
admin.site.index_template = "admin/backoffice/index.html"


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: a trail nobody edits."""

    list_display = ("created_at", "user", "action", "content_type", "object_repr", "changes")
    list_filter = ("action", "content_type", "source")
    list_select_related = ("user", "content_type")
    search_fields = ("object_repr", "object_id", "user__username", "user__email")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "user",
        "source",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "before_pretty",
        "after_pretty",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("changes"))
    def changes(self, obj: AuditEntry) -> str:
        keys = sorted({*obj.before, *obj.after})
        return "; ".join(
            f"{key}: {obj.before.get(key, '—')} → {obj.after.get(key, '—')}" for key in keys
        )[:300]

    @admin.display(description=_("before"))
    def before_pretty(self, obj: AuditEntry) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.before, indent=2, ensure_ascii=False))

    @admin.display(description=_("after"))
    def after_pretty(self, obj: AuditEntry) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.after, indent=2, ensure_ascii=False))


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "rate", "updated_at")
    search_fields = ("currency",)

    def save_model(self, request: HttpRequest, obj: ExchangeRate, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        rates_changed()

    def delete_model(self, request: HttpRequest, obj: ExchangeRate) -> None:
        super().delete_model(request, obj)
        rates_changed()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        rates_changed()
