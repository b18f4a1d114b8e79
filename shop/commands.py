"""What the shop's management commands share: errors on one line."""

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

FAILED = 1
BAD_ARGUMENTS = 2


class OneLineParser(CommandParser):
    """Say what is wrong with the arguments on one line, without the usage block."""

    def error(self, message: str) -> NoReturn:
        if not self.called_from_command_line:
            raise CommandError(f"Error: {message}")
        self.exit(BAD_ARGUMENTS, f"{self.prog}: error: {message} (see --help)\n")


class OneLineCommand(BaseCommand):
    """A command whose failures are one line on standard error and a non-zero exit."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = OneLineParser
        return parser

    def fail(self, message: str, code: int = FAILED) -> NoReturn:
        self.stderr.write(f"error: {message}", style_func=str)
        sys.exit(code)
