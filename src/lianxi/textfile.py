"""Reading a data file's text: size limit, UTF-8 (with a GBK hint), emptiness.

Kept apart from :mod:`lianxi.yamldoc` so that reading a file does not import PyYAML:
a query answered from the validated-model cache (:mod:`lianxi.modelcache`) reads the
text, recognises it, and never parses it.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Collector

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def max_file_bytes() -> int:
    value = os.environ.get("LIANXI_MAX_FILE_MB")
    if value:
        try:
            return int(float(value) * 1024 * 1024)
        except ValueError:
            pass
    return DEFAULT_MAX_BYTES


def read_text(path: Path, display: str, collector: Collector) -> str | None:
    """Read a file as UTF-8, reporting size, encoding and emptiness problems."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        collector.error(f"无法读取文件：{exc.strerror or exc}", file=display)
        return None
    limit = max_file_bytes()
    if size > limit:
        collector.error(
            f"文件过大（{_size(size)}，上限 {_size(limit)}），拒绝读取；"
            "如确需处理更大的文件，请设置环境变量 LIANXI_MAX_FILE_MB",
            file=display, rule="size-limit")
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        collector.error(f"无法读取文件：{exc.strerror or exc}", file=display)
        return None
    return decode(raw, display, collector)


def _size(n: int) -> str:
    if n >= 1048576:
        mb = n / 1048576
        return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
    return f"{n / 1024:.1f} KB"


def decode(raw: bytes, display: str, collector: Collector) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "；文件看起来是 GBK/GB18030 编码，请在编辑器中另存为 UTF-8"
        except UnicodeDecodeError:
            pass
        collector.error(f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节无法解码）{hint}",
                        file=display, line=line, column=column, rule="encoding")
        return None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        collector.error("文件为空（没有任何数据）", file=display, line=1, column=1, rule="empty")
        return None
    return text
