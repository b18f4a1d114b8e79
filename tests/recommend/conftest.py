from tests.catalog.conftest import _media_root, tree  # noqa: F401  (shared fixtures)
