"""Every option declared once (settings.OPTIONS): the plugin, the CLI and the scaffold derive
from it, and one checker names a wrong value wherever it was written (issue 14)."""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
import yaml
from click.testing import CliRunner
from coalition_portal.cli import main
from coalition_portal.mkdocs_plugin import CoalitionPlugin
from coalition_portal.settings import (
    OPTIONS,
    ConfigurationError,
    Settings,
    Thresholds,
    plugin_options,
    portal_settings,
)
from portal import run


def test_the_plugin_accepts_exactly_the_declared_options():
    assert [name for name, _ in CoalitionPlugin.config_class._schema] == [o.name for o in OPTIONS]


@pytest.mark.parametrize("command", ["validate", "status", "export"])
def test_the_cli_flags_are_the_declared_options(command):
    help_text = CliRunner().invoke(main, [command, "--help"], terminal_width=200).output
    names = ["as_of", "target_days", "late", "back_dating", "back_dating_tolerance_days",
             "imported_until"] + (["feed_length", "calendar_past_days"] if command == "export" else [])
    for name in names:
        option = next(o for o in OPTIONS if o.name == name)
        assert option.flag in help_text, (command, option.flag)
        assert " ".join(option.help.split()[:4]) in " ".join(help_text.split())
    assert "--config" in help_text


def test_defaults_are_one_set():
    settings = Settings.from_options({})
    assert settings == Settings()
    assert settings.back_dating == "error" and settings.late == "warn"
    assert settings.feed_length == 50 and settings.calendar_past_days == 365
    assert settings.thresholds == Thresholds() and Thresholds().window_months == 12
    for option in OPTIONS:
        assert settings.value(option.name) == option.default, option.name


def test_values_are_checked_and_named():
    settings = Settings.from_options({"as_of": "2026-11-16", "back_dating": False,
                                      "bottleneck_share": 1, "renegotiation_months": 24})
    assert settings.as_of == dt.date(2026, 11, 16) and settings.back_dating == "off"
    assert settings.thresholds.bottleneck_share == 1.0
    assert settings.thresholds.renegotiation_months == 24
    cases = {"target_days": (0, "target_days: 0 should be between 1 and 365"),
             "late": ("loud", "late: 'loud' should be one of warn, error, info"),
             "as_of": ("16/11/2026", "as_of: '16/11/2026' should be a date written as YYYY-MM-DD"),
             "feed_length": (True, "feed_length: True should be a whole number"),
             "on_time_warning": (1.5, "on_time_warning: 1.5 should be between 0 and 1")}
    for name, (value, message) in cases.items():
        with pytest.raises(ConfigurationError) as raised:
            Settings.from_options({name: value}, "mkdocs.yml:")
        assert str(raised.value) == f"mkdocs.yml: {message}"
    with pytest.raises(ConfigurationError, match="unknown option target_day;"):
        Settings.from_options({"target_day": 5})


def test_flags_win_over_the_file_and_keep_the_rest(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nplugins:\n  - coalition:\n      target_days: 5\n      late: info\n"
        "      bottleneck_share: 0.4\n", encoding="utf-8")
    changed = portal_settings(tmp_path / "mkdocs.yml", None, {
        "target_days": 3, "late": None, "renegotiation_months": 30}).settings
    assert (changed.target_days, changed.late) == (3, "info")
    assert changed.thresholds.bottleneck_share == 0.4
    assert changed.thresholds.renegotiation_months == 30


def test_the_portal_settings_come_from_mkdocs_yml(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nsite_url: https://x.example/\nmarkdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - coalition:\n      content_dir: records\n      target_days: 4\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    portal = portal_settings(None)
    assert str(portal.content_dir) == "records" and portal.settings.target_days == 4
    assert portal.site_url == "https://x.example/"
    beside = portal_settings(None, tmp_path / "records")
    assert beside.settings.target_days == 4
    assert plugin_options({"plugins": {"coalition": {"late": "info"}}}, tmp_path) == {"late": "info"}
    assert plugin_options({"plugins": ["search"]}, tmp_path) == {}


def test_init_writes_every_option_with_its_default(tmp_path):
    result = run([sys.executable, "-m", "coalition_portal", "init", "harbor", "--name", "H",
                  "--timezone", "Europe/Berlin"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "harbor/mkdocs.yml").read_text(encoding="utf-8")
    options = plugin_options(yaml.safe_load(text), tmp_path)
    assert options == {"content_dir": "content", "late": "info"}
    for option in OPTIONS:
        if option.name not in options:
            default = "" if option.default is None else f" {option.default}"
            assert re.search(rf"(?m)^      # {option.name}:{re.escape(default)}$", text), option.name
    # uncommenting any line with its default changes nothing
    uncommented = re.sub(r"(?m)^      # (\w+:( .+)?)$", r"      \1", text)
    everything = plugin_options(yaml.safe_load(uncommented), tmp_path)
    assert set(everything) == {o.name for o in OPTIONS}
    assert Settings.from_options({k: v for k, v in everything.items()}) == \
        Settings.from_options(options)
