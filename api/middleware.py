"""Answer API clients in the language their Accept-Language header asks for."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

PREFIX = "/api/"


class ApiLanguageMiddleware:
    """The site's unprefixed URLs are in the default language; the API's follow the client.

    LocaleMiddleware gives every URL without a language prefix the default language, since
    the default language's pages carry none. API URLs carry none either, by design.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(PREFIX):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
