"""Log-in with the e-mail address in place of the username."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from accounts.models import User


class EmailBackend(ModelBackend):
    """Authenticate a user whose e-mail address, in any case, was given as the username."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None or "@" not in username:
            return None
        user = User._default_manager.filter(email__iexact=username).first()
        if user is None:
            # Hash anyway, so that the response time does not tell which addresses exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
