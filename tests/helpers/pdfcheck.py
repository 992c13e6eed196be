"""Reading PDFs back the way a person's tools do: pdftotext, pdffonts, pdftoppm, pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")


def page_texts(pdf: Path) -> list[str]:
    """Text of each page (form feed separated by pdftotext)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def flat(text: str) -> str:
    """Without whitespace: a wrapped Chinese line reads as one string again."""
    return re.sub(r"\s+", "", text)


def all_text(pdf: Path) -> str:
    return flat("".join(page_texts(pdf)))


def fonts(pdf: Path) -> list[dict[str, str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    rows = []
    for line in out[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object-id gen: read from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def assert_fonts_embedded(pdf: Path) -> None:
    rows = fonts(pdf)
    assert rows, "no fonts at all"
    assert all(r["emb"] == "yes" for r in rows), rows
    assert any("WenQuanYi" in r["name"] or r["sub"] == "yes" for r in rows), rows


def assert_page_numbers(pdf: Path) -> int:
    """Every page carries "第 x 页 共 N 页" with the right x and N; returns N."""
    pages = page_texts(pdf)
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"第{number}页共{total}页" in flat(text), f"page {number}: {flat(text)[-80:]}"
    return total


def render_page(pdf: Path, page: int, out_prefix: Path, dpi: int = 40) -> Path:
    """Render one page with pdftoppm and return the PNG (checked to show something)."""
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(out_prefix)], check=True, capture_output=True)
    png = out_prefix.with_suffix(".png")
    from PIL import Image

    with Image.open(png) as im:
        lo, hi = im.convert("L").getextrema()
    assert hi - lo > 100, "the rendered page is blank"
    return png


def needs_poppler_here() -> None:
    """Skip the calling test where poppler-utils is not installed."""
    if not POPPLER:
        pytest.skip("poppler-utils not installed")


def text_lines(pdf: Path) -> list[str]:
    """The printed lines of every page, in reading order, as pdftotext lays them out."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.replace("\f", "\n").splitlines()]
