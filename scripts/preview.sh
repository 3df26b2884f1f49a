#!/usr/bin/env bash
# Preview rendered documents as PDF and PNG (for the pictures in docs/会议与文书.md, docs/img/; not run in CI).
#
#   scripts/preview.sh [-o DIR] [-r DPI] [-p PAGES] FILE...
#
# FILE is a .docx written by lianxi, or an annotated Markdown text (*.md) that is first
# laid out with lianxi.render_docx.write_docx. For each FILE the script writes DIR/NAME.pdf
# and DIR/NAME-N.png for the first PAGES pages (default 1).
#
# Needs (Debian/Ubuntu): apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils
# The official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are not freely available; the
# preview maps them to Noto Serif/Sans CJK SC, so it shows the layout, not the final typeface.
set -euo pipefail

out=docs/img
dpi=80
pages=1
while getopts "o:r:p:h" opt; do
  case $opt in
    o) out=$OPTARG ;;
    r) dpi=$OPTARG ;;
    p) pages=$OPTARG ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { sed -n '2,12p' "$0"; exit 2; }

for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || {
    echo "缺少 $tool：请安装 libreoffice-writer-nogui fonts-noto-cjk poppler-utils" >&2; exit 1; }
done
fc-list :lang=zh family | grep -q "Noto" || echo "警告：未安装 fonts-noto-cjk，中文可能显示为方框" >&2

python=${PYTHON:-python3}
[ -x .venv/bin/python ] && python=${PYTHON:-.venv/bin/python}
mkdir -p "$out"

for file in "$@"; do
  name=$(basename "$file")
  name=${name%.docx}; name=${name%.md}; name=${name%.annotated}
  "$python" - "$file" "$out/$name.pdf" <<'PY'
import sys, tempfile
from pathlib import Path
from lianxi import render_docx

source, target = Path(sys.argv[1]), Path(sys.argv[2])
if source.suffix == ".docx":
    data = source.read_bytes()
else:
    data = render_docx.build_docx(source.read_text(encoding="utf-8"))
soffice = render_docx.find_soffice()
with tempfile.TemporaryDirectory() as tmp:
    docx = Path(tmp) / "preview.docx"
    docx.write_bytes(data)
    pdf = render_docx.convert_to_pdf(soffice, docx, Path(tmp))
    render_docx.write_bytes(target, pdf.read_bytes())
print(f"已写入 {target}")
PY
  pdftoppm -png -r "$dpi" -f 1 -l "$pages" "$out/$name.pdf" "$out/$name"
  ls "$out/$name"-*.png
done
