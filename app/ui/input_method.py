"""Chinese input on Linux: can the desktop's input method reach this window?

Qt finds the input method through a plugin in `plugins/platforminputcontexts/` named by
`QT_IM_MODULE` (fcitx5, fcitx, ibus). The PySide6 wheels (and so the desktop build) carry the
ibus and compose plugins but no fcitx one, and a fcitx plugin copied from the system's own Qt
often fails to load (it must match the Qt version exactly). fcitx5 also speaks ibus's protocol
(its ibus frontend, on by default), so with `QT_IM_MODULE=ibus` the wheel's own plugin reaches
it: the fcitx maintainers give that as the way for Qt programs that bring their own Qt
(fcitx/fcitx5#444). So, before the QApplication exists:

- the input method named is loadable: nothing to do;
- it is fcitx/fcitx5 and only the ibus plugin is there: use ibus for this program and say so
  in a dismissible banner (if Chinese still cannot be typed, fcitx5's ibus frontend is off, or
  the desktop runs the old fcitx 4, which has none: docs/user-guide.md says what to do);
- anything else not loadable: say which one and why, in the banner.

Windows' and macOS's input methods need no plugin. The decision is a pure function over the
environment and the plugin folder's file names (tested without a real input method).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.core.text import Text

# Plugin file stem (without lib/.so/.dll) → the QT_IM_MODULE keys it answers to.
PLUGIN_KEYS = {
    "ibusplatforminputcontextplugin": ("ibus",),
    "fcitx5platforminputcontextplugin": ("fcitx5", "fcitx"),
    "fcitxplatforminputcontextplugin": ("fcitx",),
    "composeplatforminputcontextplugin": ("compose", "xim"),
    "qtvirtualkeyboardplugin": ("qtvirtualkeyboard",),
}
FCITX = ("fcitx", "fcitx5")
NONE_NEEDED = ("", "none", "compose", "xim")


@dataclass(frozen=True)
class InputMethodCheck:
    """What the environment asks for, and what to do about it."""

    wanted: str  # the module asked for ("" none)
    loadable: bool
    use_instead: str | None = None  # set QT_IM_MODULE to this for this program
    message: Text | None = None  # for the banner; None: nothing to say


def plugin_keys(file_names: Iterable[str]) -> set[str]:
    """The QT_IM_MODULE keys the plugins in a platforminputcontexts folder answer to."""
    keys: set[str] = set()
    for name in file_names:
        stem = name.rsplit("/", 1)[-1].split(".", 1)[0]
        stem = stem.removeprefix("lib")
        keys.update(PLUGIN_KEYS.get(stem, ()))
    return keys


def wanted_module(env: Mapping[str, str]) -> str:
    """The input method module the desktop asks Qt for: QT_IM_MODULE, else XMODIFIERS'."""
    module = env.get("QT_IM_MODULE", "").strip().lower()
    if module:
        return module.split(";", 1)[0]
    modifiers = env.get("XMODIFIERS", "")
    if "@im=" in modifiers:
        name = modifiers.split("@im=", 1)[1].split()[0].strip().lower()
        if name.startswith("fcitx"):
            return name
    return ""


def check_input_method(env: Mapping[str, str], plugin_files: Iterable[str],
                       platform: str = "linux") -> InputMethodCheck:
    """Decide for `env` given the plugin file names Qt can load (pure: no Qt, no I/O)."""
    if not platform.startswith("linux"):
        return InputMethodCheck(wanted="", loadable=True)
    wanted = wanted_module(env)
    if wanted in NONE_NEEDED:
        return InputMethodCheck(wanted=wanted, loadable=True)
    keys = plugin_keys(plugin_files)
    if wanted in keys:
        return InputMethodCheck(wanted=wanted, loadable=True)
    if wanted in FCITX and "ibus" in keys:
        return InputMethodCheck(wanted=wanted, loadable=False, use_instead="ibus", message=Text(
            f"输入法 {wanted} 没有本程序可用的 Qt 插件，已改用 ibus 接口连接它（fcitx5 自带 ibus "
            "前端）。如果仍然无法输入中文，请按《使用说明》中“中文输入法”一节操作。",
            f"The input method {wanted} has no Qt plugin this program can load; it is reached "
            "through its ibus interface instead (fcitx5's ibus frontend). If Chinese still "
            "cannot be typed, see \"Chinese input\" in the user guide."))
    return InputMethodCheck(wanted=wanted, loadable=False, message=Text(
        f"输入法 {wanted}（QT_IM_MODULE）没有本程序可用的 Qt 插件，可能无法输入中文。"
        "请按《使用说明》中“中文输入法”一节操作。",
        f"The input method {wanted} (QT_IM_MODULE) has no Qt plugin this program can load: "
        "Chinese may not be typeable. See \"Chinese input\" in the user guide."))


def plugin_folders() -> list[Path]:
    """Where Qt will look for platforminputcontexts plugins (QtCore imported, no app)."""
    from PySide6.QtCore import QLibraryInfo

    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))]
    folders += [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    return [f / "platforminputcontexts" for f in folders]


def prepare_input_method(env: dict[str, str] | None = None) -> InputMethodCheck:
    """Before the QApplication: check, and switch to the working module where one exists."""
    env = os.environ if env is None else env  # type: ignore[assignment]
    assert env is not None
    files = [p.name for folder in plugin_folders() if folder.is_dir()
             for p in folder.iterdir()]
    check = check_input_method(env, files, sys.platform)
    if check.use_instead:
        env["QT_IM_MODULE"] = check.use_instead
    return check
