"""The sales dashboard, its CSV downloads, the currency chooser and the health endpoints."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from shop.navigation import safe_next

from . import health
from .currency import currency_choose
from .exports import FIGURES, csv_lines
from .forms import CurrencyForm, RangeForm
from .selectors import dashboard

DASHBOARD_PERMISSION = "orders.view_order"


def _figures(request: HttpRequest) -> tuple[RangeForm, dict]:
    if not request.user.has_perm(DASHBOARD_PERMISSION):
        raise PermissionDenied
    form = RangeForm(request.GET or None)
    return form, dashboard(form.date_range())


def dashboard_view(request: HttpRequest) -> TemplateResponse:
    form, data = _figures(request)
    dates = form.date_range()
    chart = {
        "labels": [day["day"].isoformat() for day in data["days"]],
        "orders": [day["orders"] for day in data["days"]],
        "revenue": [str(day["revenue"]) for day in data["days"]],
        "average": [str(day["average"]) for day in data["days"]],
        "products": [[row["name"], str(row["revenue"])] for row in data["products"]],
        "categories": [[row["name"], str(row["revenue"])] for row in data["categories"]],
        "legend": {"orders": _("orders"), "revenue": _("revenue"), "average": _("average")},
    }
    context = {
        **admin.site.each_context(request),
        "title": _("Sales dashboard"),
        "form": form,
        "dates": dates,
        "query": request.GET.urlencode(),
        "chart": chart,
        **data,
    }
    return TemplateResponse(request, "admin/backoffice/dashboard.html", context)


def dashboard_csv(request: HttpRequest, figure: str) -> StreamingHttpResponse:
    if figure not in FIGURES:
        raise Http404
    form, data = _figures(request)
    dates = form.date_range()
    response = StreamingHttpResponse(
        csv_lines(figure, FIGURES[figure](data)), content_type="text/csv; charset=utf-8"
    )
    name = f"{figure}-{dates.first.isoformat()}-{dates.last.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def choose_currency(request: HttpRequest) -> HttpResponse:
    form = CurrencyForm(request.POST)
    if not form.is_valid() or not currency_choose(
        request=request, currency=form.cleaned_data["currency"].upper()
    ):
        return HttpResponseBadRequest(_("Unknown currency."), content_type="text/plain")
    return HttpResponseRedirect(safe_next(request, form.cleaned_data["next"], "/"))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer while the process serves requests; checks nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database, cache and broker answer; 503 naming those that do not."""
    checks = health.readiness()
    failing = [check.name for check in checks if not check.ok]
    body = {
        "status": "unavailable" if failing else "ok",
        "failing": failing,
        "checks": {check.name: check.status for check in checks},
    }
    if settings.DEBUG:
        body["errors"] = {check.name: check.error for check in checks if check.error}
    return JsonResponse(body, status=503 if failing else 200)
