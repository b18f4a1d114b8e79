"""Every command of the shop's own apps: a bad argument gives one line and a non-zero exit."""

import pytest
from django.apps import apps
from django.core.management import get_commands, load_command_class

from shop.settings import BASE_DIR

BAD = "--no-such-option-at-all"


def project_commands() -> list[tuple[str, str]]:
    own = {
        config.name
        for config in apps.get_app_configs()
        if str(config.path).startswith(str(BASE_DIR)) and ".venv" not in str(config.path)
    }
    return sorted((app, name) for name, app in get_commands().items() if app in own)


def test_the_project_has_commands():
    names = {name for _app, name in project_commands()}
    assert {"import_catalog", "update_rates", "seed_demo"} <= names


@pytest.mark.parametrize(("app", "name"), project_commands())
def test_bad_argument_is_one_line_and_non_zero(app, name, capsys):
    command = load_command_class(app, name)

    with pytest.raises(SystemExit) as exit_:
        command.run_from_argv(["manage.py", name, BAD])

    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert exit_.value.code not in (0, None)
    assert len(lines) == 1, lines
    assert BAD in lines[0] or "error" in lines[0].lower()
