"""The session a request's shopper state lives in, whichever way the client signed in.

The site's JavaScript and guests carry the session cookie. A token client carries none, so
its user gets one server-side session of its own, found again through ClientSession.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request

from .models import ClientSession

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def uses_token(request: Request) -> bool:
    return isinstance(request.successful_authenticator, TokenAuthentication)


def client_session(request: Request) -> SessionBase:
    """Return the session that holds this shopper's coupon codes and guest cart."""
    if not uses_token(request):
        return request.session
    row = ClientSession.objects.filter(user=request.user).first()
    return SessionStore(session_key=row.session_key if row else None)


@transaction.atomic
def client_session_save(request: Request, session: SessionBase, *, force: bool = False) -> None:
    """Keep a token client's changed session and remember its key for the next request.

    `force` gives a session without a key one now, since coupon attempts are counted per key.
    """
    keyless = force and session.session_key is None
    if session is request.session:
        if keyless:
            session.save()
        return
    if not (session.modified or keyless):
        return
    session.save()
    ClientSession.objects.update_or_create(
        user=request.user, defaults={"session_key": session.session_key}
    )


class ClientSessionMixin:
    """Give an API view the shopper's session as `self.session`, once authenticated."""

    session: SessionBase

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self.session = client_session(request)
