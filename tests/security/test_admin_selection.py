"""A tampered action selection gets a message on every admin list, never a 500."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _lists() -> list[str]:
    return sorted(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    )


@pytest.mark.parametrize("changelist", _lists())
@pytest.mark.parametrize("selected", ["abc", "1" * 5000, "²"])
def test_a_tampered_selection_is_refused_with_a_message(
    admin_client, english, changelist, selected
):
    url = reverse(changelist)

    response = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [selected]}, secure=True
    )

    assert response.status_code == 302
    followed = admin_client.get(response["Location"], secure=True)
    assert "The selection is not valid" in followed.text
