"""Error pages rendered in the shop's layout."""

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the error page from its template alone: the database may be what failed."""
    return HttpResponseServerError(loader.render_to_string("500.html"))
