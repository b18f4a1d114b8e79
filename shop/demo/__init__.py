"""The demo shop behind `manage.py seed_demo`: vocabularies, builders and their order."""
