"""Record merchant changes to prices and promotions; admins opt in with AuditedAdmin."""

import datetime
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from .models import AuditAction, AuditEntry

# The fields worth a trail, per model label; a model not listed here is not audited.
AUDITED_FIELDS: dict[str, tuple[str, ...]] = {
    "catalog.sku": ("code", "price", "list_price", "is_active"),
    "catalog.product": ("slug", "name_zh_hans", "name_en", "is_active"),
    "promotions.promotion": (
        "key",
        "name_zh_hans",
        "name_en",
        "kind",
        "params",
        "status",
        "starts_at",
        "ends_at",
        "priority",
        "exclusive_group",
        "exclusive",
        "first_order",
        "channels",
        "max_applications",
        "usage_limit",
        "per_customer",
        "budget",
        "stock_cap",
        "per_customer_qty",
    ),
}


def audited_fields(model: type[models.Model]) -> tuple[str, ...]:
    return AUDITED_FIELDS.get(model._meta.label_lower, ())


def _plain(value: Any) -> Any:
    """Return a value JSON keeps exactly: money and moments as text."""
    if isinstance(value, Decimal | datetime.datetime | datetime.date):
        return str(value)
    return json.loads(json.dumps(value, default=str))


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Return the audited fields of an object as it is in memory."""
    return {name: _plain(getattr(obj, name)) for name in audited_fields(type(obj))}


def stored(model: type[models.Model], pks: Iterable[Any]) -> dict[Any, dict[str, Any]]:
    """Return the audited fields of rows as the database has them, by primary key."""
    fields = audited_fields(model)
    if not fields:
        return {}
    rows = model._default_manager.filter(pk__in=list(pks)).values("pk", *fields)
    return {row.pop("pk"): {name: _plain(value) for name, value in row.items()} for row in rows}


def entry(
    *,
    obj: models.Model,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    user: Any = None,
    source: str = "",
    object_id: Any = None,
) -> AuditEntry | None:
    """Build (unsaved) the entry for one change; None when the audited fields did not change."""
    if before == after:
        return None
    if not before:
        action = AuditAction.CREATE
    elif not after:
        action = AuditAction.DELETE
    else:
        action = AuditAction.CHANGE
    changed = {key for key in {*before, *after} if before.get(key) != after.get(key)}
    return AuditEntry(
        user=user if getattr(user, "pk", None) else None,
        source=source,
        action=action,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk if object_id is None else object_id),
        object_repr=str(obj)[:200],
        before={key: before[key] for key in changed if key in before},
        after={key: after[key] for key in changed if key in after},
    )


def record(
    *,
    obj: models.Model,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    user: Any = None,
    source: str = "",
) -> AuditEntry | None:
    """Save the entry for one change, if anything audited changed."""
    made = entry(obj=obj, before=before, after=after, user=user, source=source)
    if made is not None:
        made.save()
    return made


def record_many(entries: Iterable[AuditEntry | None]) -> int:
    """Save many entries in one query; return how many there were."""
    made = AuditEntry.objects.bulk_create([item for item in entries if item is not None])
    return len(made)


class AuditedAdmin:
    """A ModelAdmin mixin: write an audit entry for each save or delete, inlines included."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = stored(type(obj), [obj.pk]).get(obj.pk, {}) if change else {}
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        record(obj=obj, before=before, after=snapshot(obj), user=request.user, source="admin")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before, pk = snapshot(obj), obj.pk
        super().delete_model(request, obj)  # type: ignore[misc]
        record_many(
            [
                entry(
                    obj=obj,
                    before=before,
                    after={},
                    user=request.user,
                    source="admin",
                    object_id=pk,
                )
            ]
        )

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        rows = [(obj, obj.pk, snapshot(obj)) for obj in queryset]
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        record_many(
            entry(obj=obj, before=before, after={}, user=request.user, source="admin", object_id=pk)
            for obj, pk, before in rows
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if not audited_fields(formset.model):
            super().save_formset(request, form, formset, change)  # type: ignore[misc]
            return
        pks = {item: item.instance.pk for item in formset.forms}
        before = stored(formset.model, [pk for pk in pks.values() if pk])
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        deleted = set(formset.deleted_forms)
        record_many(
            entry(
                obj=item.instance,
                before=before.get(pks[item], {}),
                after={} if item in deleted else snapshot(item.instance),
                user=request.user,
                source="admin",
                object_id=pks[item] or item.instance.pk,
            )
            for item in formset.forms
            if pks[item] or item.instance.pk
        )
