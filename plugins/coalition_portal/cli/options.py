"""The CLI's flags for the portal's options, derived from :data:`settings.OPTIONS`.

Every command that judges content (validate, status, export, links update) reads the
``coalition`` plugin's options of the portal's ``mkdocs.yml`` (``--config``, like
MkDocs' ``-f``); a flag given on the command line wins over it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import click

from ..settings import BY_NAME, CONFIG_FILE, ConfigurationError, Option, check

# older spellings kept working
ALIASES = {"back_dating_tolerance_days": ("--tolerance-days",)}

_FOLDER = click.Path(file_okay=False, path_type=Path)


def CONTENT(command: Callable) -> Callable:  # noqa: N802 - used as a decorator, like CONFIG
    """The content folder, as an argument (``coalition validate content``) or ``--content DIR``
    (as every authoring command takes it); the command gets ``content_dir`` (None: none given)."""
    @functools.wraps(command)
    def wrapper(*args, content_dir=None, content_option=None, **kwargs):
        if content_dir is not None and content_option is not None \
                and Path(content_dir) != Path(content_option):
            raise click.UsageError(f"two content folders given: {content_dir} and "
                                   f"--content {content_option}; give one")
        return command(*args, content_dir=content_option or content_dir, **kwargs)
    wrapper = click.option("--content", "content_option", metavar="DIR", type=_FOLDER,
                           help="The content folder (default: the configuration's content_dir, "
                                "else content).")(wrapper)
    return click.argument("content_dir", required=False, type=_FOLDER)(wrapper)

CONFIG = click.option(
    "-f", "--config", "config_file", metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"The portal's {CONFIG_FILE}, whose `coalition` plugin options apply (default: the "
         f"{CONFIG_FILE} beside the content folder, or in the current folder).")


def _checked(option: Option):
    def callback(ctx, param, value):
        if value is None:
            return None
        try:
            return check(option, value, "")
        except ConfigurationError as exc:
            raise click.BadParameter(str(exc).split(": ", 1)[-1]) from None
    return callback


def _default_words(option: Option) -> str:
    if option.default is None:
        return f"{CONFIG_FILE}'s"
    return f"{CONFIG_FILE}'s, else {option.default}"


def _flag(option: Option) -> Callable:
    kinds = {"choice": click.Choice(option.choices), "int": int, "number": float}
    metavar = {"date": "YYYY-MM-DD", "int": "N", "number": "X", "text": "TEXT"}.get(option.kind)
    return click.option(option.flag, *ALIASES.get(option.name, ()), option.name,
                        type=kinds.get(option.kind, str), default=None, metavar=metavar,
                        callback=_checked(option),
                        help=f"{option.help} (default: {_default_words(option)})")


def setting_flags(*names: str) -> Callable:
    """Add a flag for each named option; the command gets them as ``flags`` (a dict)."""
    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def wrapper(*args, **kwargs):
            flags = {name: kwargs.pop(name) for name in names}
            return command(*args, flags=flags, **kwargs)
        for name in reversed(names):
            wrapper = _flag(BY_NAME[name])(wrapper)
        return wrapper
    return decorate


JUDGING = ("as_of", "target_days", "late", "back_dating", "back_dating_tolerance_days",
           "imported_until")
