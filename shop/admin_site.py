"""The shop's admin site: Django's, refusing a tampered action selection on every list."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext

from .ids import as_id


def _selection_checked(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The admin reads the selection as ids and fails on anything else.
        selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
        if request.method == "POST" and any(as_id(value) is None for value in selected):
            messages.error(request, gettext("The selection is not valid. Choose the items again."))
            return HttpResponseRedirect(request.get_full_path())
        return view(request, *args, **kwargs)

    return checked


class ShopAdminSite(admin.AdminSite):
    def admin_view(self, view: Callable, cacheable: bool = False) -> Callable:
        return super().admin_view(_selection_checked(view), cacheable)


class ShopAdminConfig(AdminConfig):
    default_site = "shop.admin_site.ShopAdminSite"
