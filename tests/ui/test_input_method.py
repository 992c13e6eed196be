"""Chinese input on Linux: the decision over the environment and the plugin folder's files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.ui.input_method import check_input_method, plugin_keys, wanted_module

WHEEL = ["libcomposeplatforminputcontextplugin.so", "libibusplatforminputcontextplugin.so",
         "libqtvirtualkeyboardplugin.so"]
WITH_FCITX5 = [*WHEEL, "libfcitx5platforminputcontextplugin.so"]


def test_plugin_keys_of_the_wheel_and_of_fcitx5() -> None:
    assert plugin_keys(WHEEL) == {"ibus", "compose", "xim", "qtvirtualkeyboard"}
    assert {"fcitx", "fcitx5"} <= plugin_keys(WITH_FCITX5)
    assert "ibus" in plugin_keys(["ibusplatforminputcontextplugin.dll"])


@pytest.mark.parametrize(("env", "wanted"), [
    ({"QT_IM_MODULE": "fcitx"}, "fcitx"),
    ({"QT_IM_MODULE": "fcitx5;ibus"}, "fcitx5"),
    ({"XMODIFIERS": "@im=fcitx"}, "fcitx"),
    ({"XMODIFIERS": "@im=ibus"}, ""),  # Qt does not read XMODIFIERS for ibus
    ({}, ""),
])
def test_wanted_module(env: dict[str, str], wanted: str) -> None:
    assert wanted_module(env) == wanted


def test_fcitx_with_only_the_wheels_plugins_goes_through_ibus() -> None:
    for env in ({"QT_IM_MODULE": "fcitx"}, {"QT_IM_MODULE": "fcitx5"},
                {"XMODIFIERS": "@im=fcitx"}):
        check = check_input_method(env, WHEEL)
        assert not check.loadable and check.use_instead == "ibus"
        assert check.message is not None and "ibus" in check.message.zh


def test_a_loadable_plugin_needs_nothing() -> None:
    assert check_input_method({"QT_IM_MODULE": "fcitx"}, WITH_FCITX5).message is None
    assert check_input_method({"QT_IM_MODULE": "ibus"}, WHEEL).message is None
    assert check_input_method({}, WHEEL).message is None


def test_an_input_method_nothing_can_reach_is_said() -> None:
    compose_only = ["libcomposeplatforminputcontextplugin.so"]
    check = check_input_method({"QT_IM_MODULE": "fcitx"}, compose_only)
    assert check.use_instead is None and check.message is not None
    assert "fcitx" in check.message.zh and "user guide" in check.message.en
    odd = check_input_method({"QT_IM_MODULE": "uim"}, WHEEL)
    assert odd.message is not None and odd.use_instead is None


def test_windows_and_macos_need_nothing() -> None:
    assert check_input_method({"QT_IM_MODULE": "fcitx"}, [], "win32").message is None
    assert check_input_method({"QT_IM_MODULE": "fcitx"}, [], "darwin").message is None


@pytest.mark.gui
def test_the_window_shows_a_dismissible_banner(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QToolBar

    from app.ui import app as ui_app
    from tests.helpers.driver import click

    check = check_input_method({"QT_IM_MODULE": "fcitx5"}, WHEEL)
    monkeypatch.setattr(ui_app, "input_method_check", check)
    desktop = ui_app.start_desktop(tmp_path / "im.db", lang="zh")
    window = desktop.window
    qtbot.addWidget(window)
    banner = window.findChild(QToolBar, "banner-input-method")
    assert banner is not None and banner.isVisible()
    assert banner.close_button is not None
    click(qtbot, banner.close_button)
    qtbot.waitUntil(lambda: window.findChild(QToolBar, "banner-input-method") is None)
