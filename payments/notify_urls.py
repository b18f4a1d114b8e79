"""Gateway notifications: outside the language prefix, called by servers, not browsers."""

urlpatterns: list = []
