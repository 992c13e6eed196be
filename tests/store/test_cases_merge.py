"""Cases travel in bundles: events are a union, the state is defined whatever the order."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from unittest import mock

from app.core import cases as r
from app.core.clock import format_utc
from app.store.cases import cancel_case, list_cases, reopen_case, update_cases
from app.store.db import open_database
from app.sync.devices import local_device, make_local_keys
from app.sync.export import export_bundle
from app.sync.inbox import merge_bundle
from tests.helpers.case_world import CaseWorld, add_shop, beijing, inspect, open_case_world
from tests.helpers.sync_world import enrol_both


def _device(path: Path, name: str) -> CaseWorld:
    world = open_case_world(path, role="field", name=name)
    make_local_keys(world.db, name)
    return world


def _bundle(src: CaseWorld, dst: CaseWorld, out: Path) -> Path:
    return export_bundle(src.db, out, receiver_id=local_device(dst.db).id).paths[0]


def _merge(dst: CaseWorld, bundle: Path) -> None:
    merged = merge_bundle(dst.db, bundle)
    assert merged.status == "merged", merged.reason


def _at(when: str) -> Any:
    return mock.patch("app.store.cases.utc_now", return_value=format_utc(beijing(when)))


def _twin(office: CaseWorld, path: Path) -> CaseWorld:
    """A copy of the office database (same keys), to merge the same bundles in another order."""
    office.db.close()
    shutil.copy(office.path, path)
    src_keys = office.path.with_name(f"{office.path.stem}-keys")
    shutil.copytree(src_keys, path.with_name(f"{path.stem}-keys"))
    office.db = open_database(office.path)
    return CaseWorld(open_database(path), office.profile, path)


def test_closed_on_one_laptop_cancelled_earlier_on_another(tmp_path: Path) -> None:
    a, b, office = (_device(tmp_path / f"{n}.db", n) for n in ("a", "b", "o"))
    for x, y in ((a, b), (a, office), (b, office)):
        enrol_both(x.db, y.db)
    other = _twin(office, tmp_path / "o2.db")
    shop = add_shop(a, "张记")
    inspect(a, shop, "2025-12-01 10:00", goods_out=True)
    update_cases(a.db)
    _merge(b, _bundle(a, b, tmp_path / "ab"))
    [case_b] = list_cases(b.db)
    assert case_b.state == r.FOUND
    # A re-inspects on 5 December: gone, closed. B, not knowing, cancels on 3 December.
    inspect(a, shop, "2025-12-05 10:00")
    update_cases(a.db)
    with _at("2025-12-03 10:00"):
        cancel_case(b.db, case_b.id, "查无此店", "乙")
    from_a, from_b = _bundle(a, office, tmp_path / "ao"), _bundle(b, office, tmp_path / "bo")
    for target, order in ((office, (from_a, from_b)), (other, (from_b, from_a))):
        for bundle in order:
            _merge(target, bundle)
        [case] = list_cases(target.db)
        # The cancel (3 Dec) came first; the close (5 Dec) could not leave 撤销: ignored.
        assert (case.state, case.reason) == (r.CANCELLED, "查无此店")
    assert office.db.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0


def test_reopened_after_the_close_ends_reopened(tmp_path: Path) -> None:
    a, b, office = (_device(tmp_path / f"{n}.db", n) for n in ("a", "b", "o"))
    for x, y in ((a, b), (a, office), (b, office)):
        enrol_both(x.db, y.db)
    other = _twin(office, tmp_path / "o2.db")
    shop = add_shop(a, "李家")
    inspect(a, shop, "2025-12-01 10:00", no_licence=True)
    inspect(a, shop, "2025-12-05 10:00")
    update_cases(a.db)
    _merge(b, _bundle(a, b, tmp_path / "ab"))
    [case] = list_cases(b.db)
    assert case.state == r.CLOSED
    with _at("2025-12-08 10:00"):
        reopen_case(b.db, case.id, "群众举报仍在经营", "乙")
    from_a, from_b = _bundle(a, office, tmp_path / "ao"), _bundle(b, office, tmp_path / "bo")
    for target, order in ((office, (from_a, from_b)), (other, (from_b, from_a))):
        for bundle in order:
            _merge(target, bundle)
        [merged] = list_cases(target.db)
        assert merged.state == r.FILED and merged.reason == "群众举报仍在经营"
        # open, reinspect, close, reopen: A's steps once, though both laptops sent them.
        assert target.db.execute("SELECT count(*) FROM case_events").fetchone()[0] == 4
        assert target.db.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0
        # The office deriving the same inspections again adds nothing.
        assert update_cases(target.db) == 0
