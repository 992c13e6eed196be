"""Test-wide set-up: headless Qt, an isolated data folder, the shared sample corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything imports Qt: no display is needed anywhere in the suite.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

ROOT = Path(__file__).resolve().parent.parent
SHARED_SAMPLES = ROOT.parent / "shared" / "samples" / "exif-samples"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test touches the user's real data folder or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STREET_AUDIT_HOME", str(home))
    monkeypatch.delenv("STREET_AUDIT_DB", raising=False)
    return home


@pytest.fixture
def exif_samples() -> Path:
    """The public EXIF corpus in ../shared/samples; skipped on a user's checkout without it."""
    if not SHARED_SAMPLES.is_dir():
        pytest.skip("../shared/samples/exif-samples is not present (only on the team's machines)")
    return SHARED_SAMPLES
