"""Templates cannot escape: lianxi.sandbox refuses Python internals, files and the environment."""

from __future__ import annotations

import os
import re

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


# --- limits that hold against single C-level calls: the render runs in a limited child ----

DOUBLING = ("{% set ns = namespace(s='x') %}{% for i in range(N) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
            "{{ ns.s|length }}")
MEMORY = "模板占用内存超过 512 MB，已中止"

# (template line, what stderr says); each must fail within seconds, not after allocating gigabytes
C_LEVEL_ATTACKS = [
    ("{{ 'x'.ljust(2000000000)|length }}", "字符串方法 ljust() 的宽度过大（上限 1000）"),
    ("{{ ('x'*5000000).replace('x','yy'*2000)|length }}", "字符串方法 replace() 的结果过大"),
    ("{{ ('x'*5000000)|replace('x','yy'*2000)|length }}", "过滤器 replace 的结果过大"),
    ("{{ (['x'*5000000]*400)|join|length }}", "过滤器 join 的结果过大"),
    ("{{ ''.join(['x'*5000000]*400)|length }}", "字符串方法 join() 的结果过大"),
    (DOUBLING.replace("N", "40"), MEMORY),
    ("{% set ns = namespace(s=[1]) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}"
     "{{ ns.s|length }}", MEMORY),
    ("{{ ('x'*5000000).translate({120: 'y'*20000})|length }}", MEMORY),
]


def _notice_template(data_dir, body: str):
    folder = data_dir / "templates"
    folder.mkdir(exist_ok=True)
    path = folder / "notice.md.j2"
    path.write_text("# {{ title_lines | join('') }}\n正文\n" + body + "\n", encoding="utf-8")
    return path


def _rss_mb() -> float:
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


needs_fork = pytest.mark.skipif(not sandbox.ISOLATE, reason="renders in a child process only on POSIX")


@needs_fork
@pytest.mark.parametrize("source,message", C_LEVEL_ATTACKS, ids=range(len(C_LEVEL_ATTACKS)))
def test_c_level_attacks_fail_fast_through_the_cli(run, data_dir, source, message):
    import time

    from lianxi.store import display_path

    path = _notice_template(data_dir, source)
    before = _rss_mb()
    started = time.monotonic()
    result = run("notice", "--type", "plenary", "--data", data_dir)
    assert time.monotonic() - started < 10
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"{display_path(path)}:3: "), result.stderr
    assert message in result.stderr and "Traceback" not in result.output
    assert _rss_mb() - before < 100  # the gigabytes were asked for in the child, not here


@needs_fork
def test_a_gigabyte_string_is_refused_and_memory_stays_bounded():
    import resource

    before = _rss_mb()
    with pytest.raises(DataError) as info:
        render_string(DOUBLING.replace("N", "30"), name="通知.md.j2")  # 2**30 characters: 1 GB
    assert info.value.message.startswith(MEMORY) and info.value.file == "通知.md.j2"
    assert info.value.rule == "template-sandbox" and info.value.line == 1
    assert _rss_mb() - before < 100
    # the child itself never held more than its limit
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 < _rss_mb() + 512 + 100
    assert render_string(DOUBLING.replace("N", "20")) == str(2**20)  # a megabyte is fine


@needs_fork
def test_compiling_is_limited_too(monkeypatch):
    # Jinja folds constant filter calls while compiling: this one builds 3 million lists then
    monkeypatch.setattr(sandbox, "MAX_RENDER_BYTES", 64 * 2**20)
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 300.0)  # the memory limit must stop it, even on a loaded machine
    before = _rss_mb()
    with pytest.raises(DataError, match="模板占用内存超过 64 MB，已中止"):
        render_string("{{ [1]|slice(3000000)|list|length }}")
    assert _rss_mb() - before < 50


@needs_fork
def test_cpu_loop_stops_at_the_time_limit_and_the_child_is_reaped(run, data_dir, monkeypatch):
    import time

    from lianxi.store import display_path

    children = []
    fork = os.fork

    def recording_fork():
        pid = fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.5)
    path = _notice_template(data_dir, "{% for i in range(100000) %}{% for j in range(100000) %}"
                                      "{% endfor %}{% endfor %}")
    started = time.monotonic()
    result = run("notice", "--type", "plenary", "--data", data_dir)
    assert time.monotonic() - started < 5
    assert result.exit_code == 1
    assert result.stderr == f"{display_path(path)}: 模板渲染超过 0.5 秒，已中止（模板中可能有过大的循环）\n"
    assert children
    for pid in children:  # killed and waited for: no zombie left
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("isolate", [True, False], ids=["child", "in-process"])
def test_precise_prechecks_in_both_modes(monkeypatch, isolate):
    monkeypatch.setattr(sandbox, "ISOLATE", isolate and sandbox.ISOLATE)
    for source, message in [("{{ 'x'.rjust(10**9) }}", "rjust() 的宽度过大"),
                            ("{{ 'x'.center(2000) }}", "center() 的宽度过大"),
                            ("{{ '7'.zfill(10**9) }}", "zfill() 的宽度过大"),
                            ("{{ ('\t'*1000).expandtabs(10**7) }}", "expandtabs() 的结果过大"),
                            ("{{ 'xxxxx'.replace('', 'y'*10**6) }}", "replace() 的结果过大"),
                            ("{{ ('ab'*1000).replace('a', 'y'*10000, 2)|length }}", None)]:
        if message is None:
            assert render_string(source) == "21998"  # count limits the replacements
            continue
        with pytest.raises(DataError, match=re.escape(message)):
            render_string(source)
    assert render_string("{{ 'x'.ljust(5) }}|{{ 'ab'.center(6, '*') }}|{{ '7'.zfill(3) }}|"
                         "{{ 'a\tb'.expandtabs(4) }}|{{ 'aXb'.replace('X', '--') }}|{{ '、'.join(['甲', '乙']) }}|"
                         "{{ ['甲', '乙']|join('、') }}") == "x    |**ab**|007|a   b|a--b|甲、乙|甲、乙"


def _boom():
    from lianxi.errors import Ambiguous

    raise Ambiguous("名称不唯一", candidates=["区卫健局", "区卫健委"])


ERRORS = [
    "第一行\n{{ nope }}",
    "一\n二\n{% if %}",
    "{{ ''.__class__ }}",
    "{% for i in range(10**9) %}{% endfor %}",
    "甲\n{% for i in range(100000) %}第{{ i }}条{% endfor %}",
    "{{ boom() }}",
    "{% include 'missing.md.j2' %}",
    "{{ 1 / 0 }}",
]


@needs_fork
@pytest.mark.parametrize("source", ERRORS, ids=range(len(ERRORS)))
def test_errors_are_reported_identically_from_the_child(monkeypatch, source):
    monkeypatch.setattr(sandbox, "MAX_OUTPUT_CHARS", 1000)

    def caught():
        with pytest.raises(DataError) as info:
            render_string(source, {"boom": _boom}, name="通知.md.j2")
        err = info.value
        return type(err), err.render(), err.message, err.file, err.line, err.rule, vars(err)

    child = caught()
    monkeypatch.setattr(sandbox, "ISOLATE", False)
    assert caught() == child


def test_errors_of_a_named_template_name_its_file(tmp_path):
    (tmp_path / "a.md.j2").write_text("一\n{{ ''.__class__ }}\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        render(make_environment([tmp_path]), "a.md.j2", {})
    assert info.value.line == 2 and info.value.file.endswith("a.md.j2") and info.value.file != "a.md.j2"


@needs_fork
def test_a_large_text_comes_back_whole(capfd):
    source = "{% for i in range(300) %}{% for j in range(1000) %}第{{ i * 1000 + j }}条；{% endfor %}{% endfor %}"
    text = render_string(source)  # about 2.5 million characters, 7 MB: far more than a pipe holds
    assert len(text) > 2_000_000 and text.startswith("第0条；第1条；") and text.endswith("第299999条；")
    assert render_string("{{ v }}", {"v": "\ud800 孤立代理"}) == "\ud800 孤立代理"
    with pytest.raises(DataError):
        render_string("{{ nope }}")
    assert capfd.readouterr() == ("", "")  # the child printed nothing, not even to the file descriptors


def test_in_process_fallback_still_limits_time(monkeypatch):
    monkeypatch.setattr(sandbox, "ISOLATE", False)
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", 0.3)
    with pytest.raises(DataError, match="模板渲染超过 0.3 秒，已中止"):
        render_string("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")


def test_only_templates_from_outside_render_in_the_child(run, data_dir, monkeypatch):
    """lianxi's own templates render in-process; a data directory's templates/ (another office's
    input) or --template go through the limited child process."""
    from lianxi import sandbox

    isolated = []
    original = sandbox._isolated
    monkeypatch.setattr(sandbox, "_isolated", lambda work, name: isolated.append(name) or original(work, name))
    assert run("notice", "--type", "liaison", "--data", data_dir).exit_code == 0
    assert isolated == []
    (data_dir / "templates").mkdir()
    (data_dir / "templates" / "notice.md.j2").write_text("# 自定义通知 {{ 1 + 1 }}\n", encoding="utf-8")
    result = run("notice", "--type", "liaison", "--data", data_dir)
    assert result.exit_code == 0, result.output
    assert isolated == ["notice.md.j2"]
