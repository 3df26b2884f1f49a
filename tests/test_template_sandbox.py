"""Templates cannot escape: lianxi.sandbox refuses Python internals, files and the environment."""

from __future__ import annotations

import os

import pytest

from lianxi import sandbox
from lianxi.errors import DataError
from lianxi.sandbox import make_environment, render, render_string

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__.os.environ }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__init__.__globals__ }}",
    "{{ config }}",
    "{{ config.items() }}",
    "{{ lipsum.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ request }}",
    "{{ request.application.__globals__.__builtins__ }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ range.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ dict.__base__.__subclasses__() }}",
    "{{ x.__class__ }}",
    "{{ x|attr('__class__') }}",
    "{{ x|attr('_' ~ '_class__') }}",
    "{{ x['__class__'] }}",
    "{{ ''.format.__globals__ }}",
    "{{ '{0.__class__}'.format(x) }}",
    "{{ f.__globals__ }}",
    "{{ f.__code__ }}",
    "{{ g.gi_frame }}",
    "{{ os.environ }}",
    "{{ environ }}",
    "{{ __builtins__ }}",
    "{{ open('/etc/passwd').read() }}",
    "{% for i in range(10**9) %}{% endfor %}",
    "{{ range(10**9)|list }}",
    "{{ 'a' * 10**9 }}",
    "{{ [1] * 10**9 }}",
    "{{ 7 ** 100000 }}",
    "{{ 'x'|center(10**9) }}",
    "{{ 'x'|indent(10**9) }}",
    "{{ '{0:>999999999}'.format(1) }}",
    "{{ '%999999999d' % 1 }}",
    "{{ '%*d'|format(10**9, 1) }}",
    "{% include '/etc/passwd' %}",
    "{% include '../../../../etc/passwd' %}",
    "{% import '/etc/passwd' as p %}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
]


def _gen():
    yield 1


def _func():
    return 1


@pytest.mark.parametrize("source", ESCAPES)
def test_escape_patterns_fail_with_a_clear_chinese_error(source):
    with pytest.raises(DataError) as info:
        render_string(source, {"x": "s", "f": _func, "g": _gen()})
    message = info.value.render()
    assert "模板" in message
    assert "Traceback" not in message
    # nothing of the interpreter leaks into the message
    for leak in ("<class", "subprocess", "root:", "os.environ", "Popen"):
        assert leak not in message


def test_unsafe_attribute_message_is_specific():
    with pytest.raises(DataError) as info:
        render_string("第一行\n{{ ''.__class__.__mro__ }}", name="通知.md.j2")
    err = info.value
    assert err.file == "通知.md.j2" and err.line == 2
    assert "安全沙箱" in err.message and "内部属性" in err.message


def test_range_cap_message_names_the_limit():
    with pytest.raises(DataError, match=f"range\\(\\) 过大（上限 {sandbox.MAX_RANGE}）"):
        render_string("{% for i in range(10**9) %}{% endfor %}")
    assert render_string("{{ range(3)|list }}") == "[0, 1, 2]"


def test_undefined_variables_are_errors_with_the_line():
    with pytest.raises(DataError) as info:
        render_string("会议时间：{{ meeting.date }}\n{{ nope }}", {"meeting": {"date": "2027-03-01"}})
    assert info.value.line == 2 and "nope 未定义" in info.value.message


def test_syntax_error_is_located():
    with pytest.raises(DataError) as info:
        render_string("一\n二\n{% if %}", name="a.md.j2")
    assert info.value.line == 3 and "模板语法错误" in info.value.message


def test_environment_variables_cannot_be_read(monkeypatch):
    monkeypatch.setenv("LIANXI_SECRET_FOR_TEST", "s3cr3t-value")
    probes = ["{{ environ }}", "{{ os }}", "{{ self }}", "{{ namespace() }}", "{{ dict(a=1) }}",
              "{{ range }}", "{{ dict }}"]
    for probe in probes:
        try:
            out = render_string(probe)
        except DataError as exc:
            out = exc.render()
        assert "s3cr3t-value" not in out


def test_loader_is_confined_to_the_template_directory(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    (templates / "ok.md.j2").write_text("{{ title }}\n", encoding="utf-8")
    (templates / "part.md.j2").write_text("片段", encoding="utf-8")
    (templates / "uses_part.md.j2").write_text("{% include 'part.md.j2' %}", encoding="utf-8")
    (templates / "link.md.j2").symlink_to(secret)
    (templates / "includes_link.md.j2").write_text("{% include 'link.md.j2' %}", encoding="utf-8")
    (templates / "climbs.md.j2").write_text("{% include '../secret.txt' %}", encoding="utf-8")
    (templates / "absolute.md.j2").write_text("{% include '" + str(secret) + "' %}", encoding="utf-8")
    env = make_environment([templates])
    assert render(env, "ok.md.j2", {"title": "关于召开会议的通知"}) == "关于召开会议的通知\n"
    assert render(env, "uses_part.md.j2", {}) == "片段"
    for name in ("link.md.j2", "includes_link.md.j2", "climbs.md.j2", "absolute.md.j2", "../secret.txt"):
        with pytest.raises(DataError) as info:
            render(env, name, {})
        assert "机密内容" not in info.value.render()
        assert "模板" in info.value.render()


def test_html_is_autoescaped_markdown_is_not(tmp_path):
    (tmp_path / "a.html").write_text("<p>{{ v }}</p>", encoding="utf-8")
    (tmp_path / "b.html.j2").write_text("<p>{{ v }}</p>", encoding="utf-8")
    (tmp_path / "c.md.j2").write_text("{{ v }}", encoding="utf-8")
    env = make_environment([tmp_path])
    value = {"v": "<script>alert(1)</script> & 区卫健局"}
    assert render(env, "a.html", value) == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 区卫健局</p>"
    assert render(env, "b.html.j2", value) == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; 区卫健局</p>"
    assert render(env, "c.md.j2", value) == "<script>alert(1)</script> & 区卫健局"
    assert render_string("{{ v }}", value, name="x.html").startswith("&lt;script&gt;")


def test_runaway_loop_is_stopped(monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.3)
    with pytest.raises(DataError, match="已中止"):
        render_string("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")


def test_output_is_capped(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_OUTPUT_CHARS", 1000)
    with pytest.raises(DataError, match="输出超过 1000 个字符"):
        render_string("{% for i in range(100000) %}第{{ i }}条{% endfor %}")


def test_ordinary_templates_render():
    source = ("# {{ name }}\n{% for unit in units %}{{ loop.index }}. {{ unit.name }}"
              "（{{ unit.short|default('未载明') }}）\n{% endfor %}{{ '%02d'|format(7) }} {{ '{:>4}'.format('甲') }}")
    units = [{"name": "泉港区卫生健康局", "short": "区卫健局"}, {"name": "泉港区公安分局"}]
    assert render_string(source, {"name": "成员单位", "units": units}) == (
        "# 成员单位\n1. 泉港区卫生健康局（区卫健局）\n2. 泉港区公安分局（未载明）\n07    甲")


def test_restricted_globals():
    env = make_environment()
    assert set(env.globals) == {"range", "dict", "namespace"}
    assert os.environ.get("PATH")  # the sandbox is the barrier, not an empty environment
