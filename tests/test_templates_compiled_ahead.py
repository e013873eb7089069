"""Templates compiled by a second process while the build loads the content (issue 17):
the same pages, and a template changed since is compiled again, not taken from the child."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader

from coalition_portal.template_cache import CompiledAhead, compile_reachable

TEMPLATES = {
    "main.html": '{% extends "base.html" %}{% block body %}Main {{ name }}{% endblock %}',
    "base.html": '<p>{% block body %}{% endblock %}</p>{% include "partials/footer.html" %}'
                 '{% include "partials/" ~ kind ~ ".html" %}',
    "partials/footer.html": '{% import "macros.html" as m %}{{ m.sign(name) }}',
    "macros.html": "{% macro sign(who) %}<footer>{{ who }}</footer>{% endmacro %}",
    "partials/plain.html": "plain",
    "unused.html": "never reached",
}


def environment(folder) -> Environment:
    return Environment(loader=FileSystemLoader(str(folder)), autoescape=True)


def write(folder, templates) -> None:
    for name, text in templates.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def test_the_templates_a_page_reaches_by_a_fixed_name_are_compiled(tmp_path):
    write(tmp_path, TEMPLATES)
    env = environment(tmp_path)
    compiled = compile_reachable(env, ["main.html", "missing.html"])
    cache = env.bytecode_cache
    assert len(compiled) == 4  # main, base, footer, macros; not the partial named at render
    keys = {cache.get_cache_key(name, str(tmp_path / name)) for name in
            ("main.html", "base.html", "partials/footer.html", "macros.html")}
    assert set(compiled) == keys


def test_pages_from_the_childs_code_are_the_same_and_a_changed_template_is_compiled_again(
        tmp_path):
    write(tmp_path, TEMPLATES)
    expected = environment(tmp_path).get_template("main.html").render(name="<Ana>", kind="plain")
    ahead = CompiledAhead(lambda: [(environment(tmp_path), ["main.html"])])
    assert len(ahead.compiled) == 4
    env = environment(tmp_path)
    env.bytecode_cache = ahead
    assert env.get_template("main.html").render(name="<Ana>", kind="plain") == expected
    assert expected == "<p>Main &lt;Ana&gt;</p><footer>&lt;Ana&gt;</footer>plain"

    later = CompiledAhead(lambda: [(environment(tmp_path), ["main.html"])])
    later.compiled  # noqa: B018 - the child's code, made before the edit below
    (tmp_path / "macros.html").write_text(
        "{% macro sign(who) %}<footer>Signed {{ who }}</footer>{% endmacro %}", encoding="utf-8")
    env = environment(tmp_path)
    env.bytecode_cache = later
    assert env.get_template("main.html").render(name="Ana", kind="plain") == (
        "<p>Main Ana</p><footer>Signed Ana</footer>plain")


def test_a_child_that_fails_leaves_the_compiling_to_the_build(tmp_path):
    def broken():
        raise RuntimeError("no environment")
    ahead = CompiledAhead(broken)
    assert ahead.compiled == {}
    write(tmp_path, TEMPLATES)
    env = environment(tmp_path)
    env.bytecode_cache = ahead
    assert "Main" in env.get_template("main.html").render(name="x", kind="plain")
