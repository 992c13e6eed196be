"""The ledger (台账) over 1,000,000 findings against one plain SQL GROUP BY scan of the same
findings, in the same run (issue 11: at most 3×).

Builds (or reuses: the file is cached, `--db FILE`, default /tmp/bench-ledger-<N>.db) a
database by bulk inserts: a team lead's device and the shipped checklists (bench.fixtures),
`--sites` sites in all 16 districts with their streets, completed inspections over a year with
`finding_count` findings each (the findings rows written too, 1,000,000 in all), and the cases
they opened (a quarter of the inspections with findings: some closed, some ordered with a
deadline, some overdue, some rebounds). The case queue is left empty, as it is once the
program has turned every completed inspection into case steps.

Then, alternating in one process, medians of `--repeat` runs:

- scan:   `SELECT i.form_id, i.district_code, substr(i.started_at, 1, 7), count(*)
          FROM findings f JOIN inspections i ON i.id = f.inspection_id GROUP BY 1, 2, 3`
          — the findings counted per checklist, district and month, the plain way;
- ledger: `build_ledger` for the period (week, month, campaign): every line, the people.

    .venv/bin/python -m bench.bench_ledger [--findings 1000000] [--repeat 5] [--db FILE]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCAN = ("SELECT i.form_id, i.district_code, substr(i.started_at, 1, 7), count(*) "
        "FROM findings f JOIN inspections i ON i.id = f.inspection_id GROUP BY 1, 2, 3")
MARK = "bench_ledger"
YEAR_START = datetime(2025, 3, 1, 1, 0, tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def build(path: Path, findings: int, sites: int, seed: int = 7) -> None:
    """The benchmark's database, by bulk inserts (a few minutes for a million findings)."""
    from app.core.cases import case_id_for
    from app.core.divisions import children_of, districts
    from bench.fixtures import new_database

    rng = random.Random(seed)
    bench = new_database(path)
    db, device = bench.db, bench.profile.device_id
    conn = db.conn
    forms = [(str(r[0]), int(r[1]), str(r[2])) for r in db.execute(
        "SELECT form_id, max(version), work_item FROM forms GROUP BY form_id")]
    places = [(d.code[:6], s.code) for d in districts() for s in children_of(d.code)]
    now = _stamp(YEAR_START)
    site_rows = []
    for n in range(sites):
        district, street = rng.choice(places)
        site_rows.append((f"site-{n:07d}", device, now, now, f"店{n}", f"路{n}号", district,
                          street, 39.9 + rng.random() / 5, 116.3 + rng.random() / 5))
    inspectors = [(f"巡查员{n}", f"{n % 12}组") for n in range(60)]
    with conn:
        conn.executemany(
            "INSERT INTO sites (id, origin_device, created_at, updated_at, name, address, "
            "district_code, division_code, lat, lon) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            site_rows)
    site_district = {r[0]: r[6] for r in site_rows}
    site_ids = list(site_district)
    made = n = 0
    case_rows = []
    per_kind: dict[tuple[str, str, str], int] = {}
    insp_batch: list[tuple[object, ...]] = []
    find_batch: list[tuple[object, ...]] = []

    def flush() -> None:
        with conn:
            conn.executemany(
                "INSERT INTO inspections (id, origin_device, created_at, updated_at, form_id, "
                "form_version, site_id, district_code, status, finding_count, inspector_name, "
                "team, started_at, completed_at, chain_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?)", insp_batch)
            conn.executemany(
                "INSERT INTO findings (inspection_id, item_id, severity, text_zh, text_en) "
                "VALUES (?, ?, 'minor', '问题', 'problem')", find_batch)
        insp_batch.clear()
        find_batch.clear()

    while made < findings:
        form_id, version, work_item = rng.choice(forms)
        site = rng.choice(site_ids)
        started = YEAR_START + timedelta(minutes=rng.randrange(365 * 24 * 60))
        count = min(rng.choice((0, 0, 1, 2, 3, 4, 5, 6, 4)), findings - made)
        inspector, team = rng.choice(inspectors)
        iid = f"insp-{n:08d}"
        done = _stamp(started + timedelta(minutes=40))
        insp_batch.append((iid, device, done, done, form_id, version, site,
                           site_district[site], count, inspector, team, _stamp(started), done,
                           iid))
        for k in range(count):
            find_batch.append((iid, f"item{k}"))
        if count and rng.random() < 0.25:
            kind = (site, form_id, "item0")
            generation = per_kind.get(kind, -1) + 1
            per_kind[kind] = generation
            state = rng.choice(("found", "filed", "ordered", "rectifying", "closed", "closed"))
            deadline = ((started + timedelta(days=rng.randrange(1, 30))).date().isoformat()
                        if state in ("ordered", "rectifying", "closed") else None)
            closed = (_stamp(started + timedelta(days=rng.randrange(1, 60)))
                      if state == "closed" else None)
            case_id = case_id_for(site, form_id, "item0", generation)
            case_rows.append((case_id, device, done, done, site, form_id, "item0", work_item,
                              generation,
                              case_id_for(site, form_id, "item0", generation - 1)
                              if generation else None,
                              iid, inspector, team, state, done, done, deadline,
                              rng.randrange(2), closed))
        made += count
        n += 1
        if len(insp_batch) >= 20_000:
            flush()
    flush()
    with conn:
        # Rebounds only after a closed case: the link is kept whatever state the earlier one
        # reached (the ledger counts rebound_of, as the program sets it).
        conn.executemany(
            "INSERT INTO cases (id, origin_device, created_at, updated_at, site_id, form_id, "
            "item_id, work_item, generation, rebound_of, opened_inspection_id, inspector_name, "
            "team, state, opened_at, state_at, deadline, failed_reinspections, closed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", case_rows)
        conn.execute("DELETE FROM case_queue")
        conn.execute("CREATE TABLE IF NOT EXISTS bench_mark (name TEXT, findings INTEGER)")
        conn.execute("INSERT INTO bench_mark VALUES (?, ?)", (MARK, made))
    conn.execute("ANALYZE")
    print(f"built {len(site_rows)} sites, {n} inspections, {made} findings, "
          f"{len(case_rows)} cases", flush=True)
    db.close()


def _usable(path: Path, findings: int) -> bool:
    import sqlite3

    if not path.exists():
        return False
    try:
        conn = sqlite3.connect(path)
        row = conn.execute("SELECT findings FROM bench_mark WHERE name = ?", (MARK,)).fetchone()
        conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == findings


def main() -> int:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--findings", type=int, default=1_000_000)
    parser.add_argument("--sites", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()

    from app.ledger.build import build_ledger
    from app.store.db import open_database
    from app.store.ledger_query import LedgerFilter

    path = args.db or Path(f"/tmp/bench-ledger-{args.findings}.db")
    if not _usable(path, args.findings):
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        began = time.perf_counter()
        build(path, args.findings, args.sites)
        print(f"build {time.perf_counter() - began:.1f} s")
    db = open_database(path)
    as_of = date(2026, 3, 1)
    times: dict[str, list[float]] = {"scan": [], "week": [], "month": [], "campaign": []}
    lines: dict[str, int] = {}
    scanned = 0
    for _ in range(args.repeat):
        for key in times:
            began = time.perf_counter()
            if key == "scan":
                scanned = sum(int(r[3]) for r in db.execute(SCAN).fetchall())
            else:
                ledger = build_ledger(db, LedgerFilter(period=key, as_of=as_of))
                lines[key] = len(ledger.rows)
            times[key].append(time.perf_counter() - began)
    db.close()
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"findings scanned {scanned:,}")
    print(f"{'step':<10}{'median':>10}{'ratio':>8}  lines")
    print(f"{'scan':<10}{med['scan'] * 1000:>8.0f}ms{1.0:>8.2f}")
    worst = 0.0
    for key in ("week", "month", "campaign"):
        ratio = med[key] / med["scan"]
        worst = max(worst, ratio)
        print(f"{key:<10}{med[key] * 1000:>8.0f}ms{ratio:>8.2f}  {lines[key]:,}")
    print(f"worst ratio {worst:.2f} (target <= 3)")
    return 0 if worst <= 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
