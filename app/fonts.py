"""Finding a Chinese TrueType font: the one module the PDFs (reportlab) and the window (Qt) ask.

reportlab embeds only TrueType outlines (glyf), not CFF/PostScript ones, so Noto/Source Han
CJK fonts (OTF/CFF) cannot be used; WenQuanYi Micro Hei (Debian's fonts-wqy-microhei, installed
by the README's set-up) and the Windows system fonts can.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import AppError

FONT_ENV = "STREET_AUDIT_FONT"

# (path, index inside a .ttc collection), most preferred first.
KNOWN_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),  # Fedora
    ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", 0),  # Arch
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("/System/Library/Fonts/Supplemental/Songti.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
)

# Song/Ming or FangSong faces for the body of formal documents (GB/T 9704 sets a notice's body
# in 仿宋 and its title in 小标宋), most preferred first. AR PL UMing (Debian's
# fonts-arphic-uming; index 0 is its "CN" face with mainland glyph shapes) is under the Arphic
# Public License, which allows copying and embedding; Windows' own FangSong and SimSun are there
# on every Chinese Windows. Where none is found the documents use the font above throughout.
FORMAL_FONT_ENV = "STREET_AUDIT_FORMAL_FONT"
FORMAL_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/arphic-uming/uming.ttc", 0),  # Fedora
    ("/usr/share/fonts/TTF/uming.ttc", 0),  # Arch
    ("C:/Windows/Fonts/simfang.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("/System/Library/Fonts/Supplemental/Songti.ttc", 0),
)

INSTALL_HINT = (
    "未找到可嵌入的中文 TrueType 字体。请安装文泉驿微米黑 (Debian/Ubuntu: "
    "sudo apt-get install fonts-wqy-microhei)，或设置环境变量 STREET_AUDIT_FONT 指向一个 "
    ".ttf/.ttc 文件。 (No Chinese TrueType font found: install fonts-wqy-microhei, or point "
    "STREET_AUDIT_FONT at a .ttf/.ttc file.)"
)


class FontNotFound(AppError, RuntimeError):
    """No usable Chinese TrueType font; the message says what to install."""


@dataclass(frozen=True)
class FontFile:
    path: Path
    subfont_index: int = 0


def _is_truetype(path: Path) -> bool:
    """True for TrueType outlines (or a collection of them); False for CFF-based OTF."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError:
        return False
    # 'ttcf' collections of Chinese fonts on the known list are TrueType; 'OTTO' is CFF.
    return head in (b"\x00\x01\x00\x00", b"true", b"ttcf")


def _fontconfig_candidates() -> list[Path]:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    paths = [Path(line.split(":")[0].strip()) for line in out.splitlines() if line.strip()]
    return sorted(p for p in paths if p.suffix.lower() in (".ttf", ".ttc"))


# The desktop build carries its own fonts (build.spec: resources/fonts/, with their licences in
# licenses/): used first there, so the documents look the same on every PC the build runs on.
BUNDLED_FONT = "wqy-microhei.ttc"
BUNDLED_FORMAL_FONT = "uming.ttc"


def _bundled(name: str) -> list[tuple[str, int]]:
    from app.paths import resources_dir

    path = resources_dir() / "fonts" / name
    return [(str(path), 0)] if path.is_file() else []


def find_cjk_font(configured: str | os.PathLike[str] | None = None) -> FontFile:
    """The font to use: the configured one, $STREET_AUDIT_FONT, the build's own, a known system
    font, fontconfig."""
    for explicit in (configured, os.environ.get(FONT_ENV)):
        if explicit:
            path = Path(explicit).expanduser()
            if not path.is_file():
                raise FontNotFound(f"字体文件不存在 (font file not found): {path}")
            if not _is_truetype(path):
                raise FontNotFound(
                    f"{path} 不是 TrueType 字体 (not a TrueType font; CFF/OTF cannot be embedded)"
                )
            return FontFile(path)
    for raw, index in (*_bundled(BUNDLED_FONT), *KNOWN_FONTS):
        path = Path(raw)
        if path.is_file() and _is_truetype(path):
            return FontFile(path, index)
    for path in _fontconfig_candidates():
        if _is_truetype(path):
            return FontFile(path)
    raise FontNotFound(INSTALL_HINT)


def find_formal_font() -> FontFile | None:
    """A Song/FangSong TrueType font for formal documents: $STREET_AUDIT_FORMAL_FONT or a known
    one; None when there is none (the documents then use `find_cjk_font` throughout)."""
    explicit = os.environ.get(FORMAL_FONT_ENV)
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file() or not _is_truetype(path):
            raise FontNotFound(
                f"{FORMAL_FONT_ENV}={explicit}: 不是可嵌入的 TrueType 字体文件 "
                "(not a TrueType font file that can be embedded)")
        return FontFile(path)
    for raw, index in (*_bundled(BUNDLED_FORMAL_FONT), *FORMAL_FONTS):
        path = Path(raw)
        if path.is_file() and _is_truetype(path):
            return FontFile(path, index)
    return None
