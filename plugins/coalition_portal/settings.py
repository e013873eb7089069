"""Every option of the portal, declared once: its name, type, default, bounds and meaning.

The MkDocs plugin's config (``plugins: - coalition:`` in ``mkdocs.yml``), the CLI's
flags and the ``mkdocs.yml`` that ``coalition init`` writes are all derived from
:data:`OPTIONS`; :class:`Settings` is one set of values, checked once by
:meth:`Settings.from_options`.  So ``mkdocs build``, ``coalition validate``,
``coalition status`` and ``coalition export`` judge a folder by the same options.

This module imports nothing of the package: every stage may read it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class ConfigurationError(Exception):
    """A setting (option or environment variable) is wrong; the message says which."""


@dataclass(frozen=True)
class Option:
    """One option: what ``mkdocs.yml``, the CLI and the scaffold all say about it."""

    name: str
    kind: str  # "text" | "int" | "number" | "date" | "choice"
    default: Any  # None: unset (its help says what applies then)
    help: str
    group: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


PUBLICATION, BACK_DATING, VITAL_SIGNS, FEEDS = ("publication", "back-dating", "vital signs",
                                                "feeds and calendar")
MINUTES = "minutes"
LATE_MODES = ("warn", "error", "info")
BACK_DATING_MODES = ("error", "warn", "off")
THIRD_PARTY_IMAGE_MODES = ("link", "show")

OPTIONS: tuple[Option, ...] = (
    Option("content_dir", "text", "content",
           "The content folder, relative to mkdocs.yml.", PUBLICATION),
    Option("as_of", "date", None,
           "The day the portal is judged from (YYYY-MM-DD); the environment variable "
           "COALITION_AS_OF wins over it. Unset: today in the coalition's time zone.",
           PUBLICATION),
    Option("target_days", "int", None,
           "Minutes are due this many days after the meeting. Unset: coalition.yml's "
           "publication_target_days.", PUBLICATION, minimum=1, maximum=365),
    Option("late", "choice", "warn",
           "Minutes published after the target: a warning, an error, or a line of "
           "information (an archive whose late minutes are history, built with --strict).",
           PUBLICATION, choices=LATE_MODES),
    Option("back_dating", "choice", "error",
           "Minutes whose git history shows them published later than they claim: an error, "
           "a warning (the figures then use git's date), or off (git is not asked).",
           BACK_DATING, choices=BACK_DATING_MODES),
    Option("back_dating_tolerance_days", "int", 1,
           "Days git's date may trail the claimed date before it counts as back-dating.",
           BACK_DATING, minimum=0, maximum=365),
    Option("imported_until", "date", None,
           "Minutes claimed published on or before this day (YYYY-MM-DD) came with an "
           "imported archive: git cannot prove them, and they are taken as claimed.",
           BACK_DATING),
    Option("vital_signs_window_months", "int", 12,
           "The decision log, the decisions recorded and the bottleneck look at meetings of "
           "this many months before as_of.", VITAL_SIGNS, minimum=1),
    Option("renegotiation_months", "int", 18,
           "A platform not renegotiated for this many months is a warning.", VITAL_SIGNS,
           minimum=1),
    Option("renegotiation_watch_months", "int", 12,
           "A platform not renegotiated for this many months is to be watched.", VITAL_SIGNS, minimum=1),
    Option("replant_horizon_years", "int", None,
           "Years after founding when the coalition should be replanted. Unset: "
           "coalition.yml's replant_horizon_years.", VITAL_SIGNS, minimum=1),
    Option("replant_watch_years", "int", 1,
           "Watch the replant horizon this many years before it.", VITAL_SIGNS, minimum=0),
    Option("bottleneck_share", "number", 0.5,
           "One member holding more than this share of the roles, or chairing more than this "
           "share of the meetings, is a bottleneck.", VITAL_SIGNS, minimum=0, maximum=1),
    Option("on_time_warning", "number", 0.75,
           "An on-time share of minutes in the window below this is a warning.", VITAL_SIGNS,
           minimum=0, maximum=1),
    Option("no_decisions_warning", "number", 0.5,
           "A share of held meetings recording no decision above this is a warning.",
           VITAL_SIGNS, minimum=0, maximum=1),
    Option("added_decisions_warning", "int", 2,
           "This many decisions added after their minutes, in the window, is a warning.",
           VITAL_SIGNS, minimum=0),
    Option("feed_length", "int", 50,
           "Entries per feed, newest first.", FEEDS, minimum=1),
    Option("calendar_past_days", "int", 365,
           "The calendar lists meetings of this many past days, and every upcoming one.", FEEDS,
           minimum=0),
    Option("third_party_images", "choice", "link",
           "Images the minutes embed from other sites: a link to each (link: a page makes no "
           "request to another site, so no one else learns who reads it), or shown (show).",
           MINUTES, choices=THIRD_PARTY_IMAGE_MODES),
    Option("attachment_max_mb", "int", 25,
           "A file beside a meeting (content/meetings/<meeting-id>/) larger than this many "
           "megabytes is refused.", MINUTES, minimum=1, maximum=2000),
    Option("attachments_total_max_mb", "int", 500,
           "All the meetings' attachments together may take this many megabytes.", MINUTES,
           minimum=1, maximum=100_000),
)
BY_NAME: dict[str, Option] = {option.name: option for option in OPTIONS}


@dataclass(frozen=True)
class Thresholds:
    """The vital signs' thresholds (one group of :class:`Settings`)."""

    window_months: int = BY_NAME["vital_signs_window_months"].default
    renegotiation_months: int = BY_NAME["renegotiation_months"].default
    renegotiation_watch_months: int = BY_NAME["renegotiation_watch_months"].default
    replant_years: int | None = BY_NAME["replant_horizon_years"].default
    bottleneck_share: float = BY_NAME["bottleneck_share"].default
    on_time_warning: float = BY_NAME["on_time_warning"].default
    no_decisions_warning: float = BY_NAME["no_decisions_warning"].default
    added_decisions_warning: int = BY_NAME["added_decisions_warning"].default
    replant_watch_years: int = BY_NAME["replant_watch_years"].default


# option name -> Thresholds field
_THRESHOLD_FIELDS = {"vital_signs_window_months": "window_months",
                     "replant_horizon_years": "replant_years",
                     **{f.name: f.name for f in dataclasses.fields(Thresholds)
                        if f.name not in ("window_months", "replant_years")}}


@dataclass(frozen=True)
class Settings:
    """One checked set of option values; every field is an option of :data:`OPTIONS`."""

    content_dir: str = BY_NAME["content_dir"].default
    as_of: dt.date | None = None
    target_days: int | None = None
    late: str = BY_NAME["late"].default
    back_dating: str = BY_NAME["back_dating"].default
    back_dating_tolerance_days: int = BY_NAME["back_dating_tolerance_days"].default
    imported_until: dt.date | None = None
    thresholds: Thresholds = Thresholds()
    feed_length: int = BY_NAME["feed_length"].default
    calendar_past_days: int = BY_NAME["calendar_past_days"].default
    third_party_images: str = BY_NAME["third_party_images"].default
    attachment_max_mb: int = BY_NAME["attachment_max_mb"].default
    attachments_total_max_mb: int = BY_NAME["attachments_total_max_mb"].default

    @classmethod
    def from_options(cls, options: Mapping[str, Any], source: str = "option") -> Settings:
        """Check raw values (from ``mkdocs.yml`` or the CLI); unset (None) keeps the default.

        ``source`` names where they come from, for the error message.
        """
        unknown = sorted(set(options) - set(BY_NAME))
        if unknown:
            raise ConfigurationError(f"{source}: unknown option {', '.join(unknown)}; the "
                                     f"options are {', '.join(BY_NAME)}")
        values: dict[str, Any] = {}
        for name, raw in options.items():
            if raw is not None:
                values[name] = check(BY_NAME[name], raw, source)
        thresholds = {_THRESHOLD_FIELDS[n]: values.pop(n) for n in list(values)
                      if n in _THRESHOLD_FIELDS}
        return cls(**values, thresholds=Thresholds(**thresholds))

    def value(self, name: str) -> Any:
        """An option's value by its name in :data:`OPTIONS`."""
        if name in _THRESHOLD_FIELDS:
            return getattr(self.thresholds, _THRESHOLD_FIELDS[name])
        return getattr(self, name)


def check(option: Option, raw: Any, source: str = "option") -> Any:
    """``raw`` as the option's type, or ConfigurationError naming the option."""
    where = f"{source} {option.name}" if source else option.name

    def fail(expected: str) -> ConfigurationError:
        return ConfigurationError(f"{where}: {raw!r} should be {expected}")

    if option.kind == "choice":
        if raw is False and "off" in option.choices:
            return "off"  # YAML reads a bare `off` as false
        if raw not in option.choices:
            raise fail(f"one of {', '.join(option.choices)}")
        return raw
    if option.kind == "text":
        if not isinstance(raw, str) or not raw:
            raise fail("a text")
        return raw
    if option.kind == "date":
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        if not isinstance(raw, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise fail("a date written as YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise fail("a real date, written as YYYY-MM-DD") from None
    if isinstance(raw, bool) or not isinstance(raw, int if option.kind == "int" else (int, float)):
        raise fail("a whole number" if option.kind == "int" else "a number")
    low, high = option.minimum, option.maximum
    if (low is not None and raw < low) or (high is not None and raw > high):
        bounds = (f"between {_number(low)} and {_number(high)}" if low is not None and
                  high is not None else f"at least {_number(low)}" if low is not None
                  else f"at most {_number(high)}")
        raise fail(bounds)
    return float(raw) if option.kind == "number" else raw


def _number(value: float | None) -> str:
    return f"{value:g}"


# --- where the options are written: the `coalition` plugin in the portal's mkdocs.yml ---

CONFIG_FILE = "mkdocs.yml"


def read_config(config_file: Path) -> dict[str, Any]:
    """``config_file`` (a ``mkdocs.yml``) as plain YAML.

    Tags such as ``!!python/name:`` that only MkDocs resolves are read as nothing, so the
    CLI needs no MkDocs to agree with the build.
    """
    try:
        text = config_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationError(f"{config_file}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"{config_file}: cannot be read ({exc})") from None
    try:
        config = yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigurationError(f"{config_file}{line}: not valid YAML") from None
    return config if isinstance(config, dict) else {}


def plugin_options(config: dict[str, Any], config_file: Path) -> dict[str, Any]:
    """The ``coalition`` plugin's options in a read ``mkdocs.yml`` ({} when it has none)."""
    plugins = config.get("plugins")
    if isinstance(plugins, dict):  # MkDocs also takes a mapping of plugin names to options
        entries = list(plugins.items())
    else:
        entries = [next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)
                   for p in (plugins if isinstance(plugins, list) else [])]
    for name, options in entries:
        if name == "coalition":
            if options is not None and not isinstance(options, dict):
                raise ConfigurationError(f"{config_file}: plugin 'coalition': its options "
                                         "should be a mapping")
            return dict(options or {})
    return {}


@dataclass(frozen=True)
class Portal:
    """What a command works with: the content folder, the settings, and where they came from."""

    content_dir: Path
    settings: Settings
    config_file: Path | None  # the mkdocs.yml read, if any
    site_url: str | None  # its site_url (coalition.yml's wins, as in the build)


def portal_settings(config_file: Path | None, content_dir: Path | None = None,
                    overrides: Mapping[str, Any] | None = None) -> Portal:
    """The content folder and the settings a command works with, as ``mkdocs build`` would.

    ``config_file`` is the portal's ``mkdocs.yml`` (None: the one beside ``content_dir``,
    else ``./mkdocs.yml``, when there is one); its plugin options apply, then
    ``overrides`` (the command's flags, None where not given).  Without ``content_dir``
    the content folder is the configuration's ``content_dir``, next to ``mkdocs.yml``.
    """
    if config_file is None:
        # relative to the current folder, so messages name files as the user does
        beside = Path(os.path.relpath(content_dir.resolve().parent)) if content_dir is not None \
            else Path(".")
        config_file = beside / CONFIG_FILE if (beside / CONFIG_FILE).is_file() else None
    config = read_config(config_file) if config_file is not None else {}
    options = plugin_options(config, config_file) if config_file is not None else {}
    settings = Settings.from_options(options, f"{config_file}: plugin 'coalition':")
    given = {name: value for name, value in (overrides or {}).items() if value is not None}
    if given:  # the flags win over the file
        settings = Settings.from_options({**options, **given}, "")
    if content_dir is None:
        base = config_file.parent if config_file is not None else Path(".")
        content_dir = base / settings.content_dir
    site_url = config.get("site_url")
    return Portal(content_dir, settings, config_file,
                  site_url if isinstance(site_url, str) and site_url else None)


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may carry tags such as !!python/name: that only MkDocs resolves."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
