"""Fuzzing every reader of outside input for longer than the test suite's bounded properties.

    .venv/bin/python bench/fuzz_readers.py [--minutes N] [--seed S] [--only READER ...]

Readers and what a case is:
  photo_bytes   a JPEG (EXIF with GPS, times, orientation; restart markers) damaged at random:
                EXIF bytes overwritten (huge counts, self-pointing offsets), scan data zeroed or
                blanked with 0xFF, cut, cut and closed with an end marker, bytes flipped; or a
                PNG/WebP with bytes flipped; or random bytes -> read_photo
  photo_import  a batch of 3 damaged photos attached to a draft inspection (attach_files);
                when every file is refused, the database and the photo store must be unchanged
  photo_paths   a FIFO, /dev/zero, /dev/urandom, a folder, a symlink loop, a missing file,
                mixed with a good photo -> read_photo_file
  checklist     a shipped checklist with 1-3 values replaced by hostile ones (huge strings,
                NaN, huge numbers, nested junk, impossible dates), or a hostile template
                (alias bombs, deep nesting, 5,000-digit integers) -> load_checklist_text
  answers       a random JSON document (or hostile bytes) as `inspection new --answers` in a
                real database; exit 0 or 3, and on 3 the database unchanged
  cli_args      random text for every date and number option (demo, report) -> parse_args
  pdf_text      random text (surrogates, controls, RTL, emoji, 100 k characters) in a notice,
                an inspection report or a summary -> a PDF written

For each: cases run, accepted, refused, crashed (any other exception), hung (over --hang
seconds, by SIGALRM), wrote (something written on a refusal). The whole process runs under a
memory ceiling (--memory-gb): a reader that blows up memory shows as a crash (MemoryError).
Exit code 1 if anything crashed, hung or wrote on a refusal. Figures go to docs/reliability.md.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import io
import json
import os
import random
import signal
import sqlite3
import struct
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from app.cli import main as cli_main  # noqa: E402
from app.core.checklist import ChecklistError, load_checklist_text  # noqa: E402
from app.media.errors import PhotoRejected  # noqa: E402
from app.media.reading import read_photo, read_photo_file  # noqa: E402
from app.paths import forms_dir, media_dir  # noqa: E402


class Hung(Exception):
    """A case ran over its time."""


@dataclasses.dataclass
class Tally:
    cases: int = 0
    accepted: int = 0
    refused: int = 0
    crashed: int = 0
    hung: int = 0
    wrote: int = 0
    slowest: float = 0.0
    seconds: float = 0.0
    first_failures: list[str] = dataclasses.field(default_factory=list)

    def failure(self, what: str) -> None:
        if len(self.first_failures) < 5:
            self.first_failures.append(what)


# ---- inputs -----------------------------------------------------------------------------------

def _photo(rng: random.Random, size: tuple[int, int] = (320, 240)) -> Image.Image:
    w, h = size
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.frombytes("RGB", size, rng.randbytes(w * h * 3))
    im = Image.blend(im, noise, 0.25)
    draw = ImageDraw.Draw(im)
    for _ in range(5):
        x, y = rng.randrange(w), rng.randrange(h)
        draw.rectangle((x, y, x + rng.randrange(10, w // 2), y + rng.randrange(10, h // 2)),
                       fill=(rng.randrange(256), rng.randrange(256), 40))
    return im


def _exif(rng: random.Random) -> bytes:
    exif = Image.Exif()
    exif[271], exif[272], exif[274] = "FuzzCam", "F-1", rng.randint(1, 8)
    exif[0x8769] = {36867: "2026:03:15 09:12:00", 36881: "+08:00"}
    exif[0x8825] = {0: b"\x02\x02\x00\x00", 1: "N", 2: (39.0, 54.0, 12.5), 3: "E",
                    4: (116.0, 24.0, 3.25), 6: 45.5, 7: (1.0, 12.0, 0.0), 29: "2026:03:15"}
    return exif.tobytes()


def _jpeg(rng: random.Random) -> bytes:
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": rng.choice([60, 85, 95]), "exif": _exif(rng)}
    if rng.random() < 0.5:
        options["restart_marker_blocks"] = rng.choice([1, 4, 16])
    if rng.random() < 0.2:
        options["progressive"] = True
    _photo(rng).save(out, "JPEG", **options)
    return out.getvalue()


def damaged_photo(rng: random.Random) -> bytes:
    """One photo file damaged in one of the ways the module docstring lists."""
    kind = rng.random()
    if kind < 0.05:
        return rng.randbytes(rng.randint(0, 4096))
    if kind < 0.15:
        out = io.BytesIO()
        _photo(rng, (200, 150)).save(out, rng.choice(["PNG", "WEBP"]))
        flipped = bytearray(out.getvalue())
        for _ in range(rng.randint(1, 8)):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        return bytes(flipped)
    data = _jpeg(rng)
    tiff = data.find(b"Exif\x00\x00") + 6
    end = tiff - 8 + struct.unpack(">H", data[tiff - 8:tiff - 6])[0]
    out_bytes = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        how = rng.choice(["exif", "exif", "zero", "ff", "cut", "close", "flip", "none"])
        n = len(out_bytes)
        at = rng.randrange(2, max(n - 1, 3))
        if how == "exif":
            at = rng.randrange(tiff, max(end - 4, tiff + 1))
            out_bytes[at:at + 4] = rng.choice([b"\xff\xff\xff\xff", b"\x00\x00\x10\x00",
                                               struct.pack("<I", at - tiff),
                                               rng.randbytes(4)])
        elif how in ("zero", "ff"):
            span = rng.choice([16, 256, 1024, 8192])
            out_bytes[at:at + span] = (b"\x00" if how == "zero" else b"\xff") * span
        elif how == "cut":
            del out_bytes[at:]
        elif how == "close":
            del out_bytes[at:]
            out_bytes += b"\xff\xd9"
        elif how == "flip":
            out_bytes[at] ^= rng.randrange(1, 256)
    return bytes(out_bytes[:len(data) + 16])


HOSTILE_SCALARS: list[Any] = [
    None, True, 0, -1, 2**63, -(2**63) - 1, 10**30, float("nan"), float("inf"), 1e308, "",
    "x" * 100_000, "2026-02-30", "0001-01-01", "9999-12-31", "today", "\u202e\u0000",
    "<b>", "yes", "na", [], {}, [[[[[]]]]], {"all": [{"not": {"not": {}}}]},
]


def hostile_value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 3 and roll < 0.15:
        return [hostile_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if depth < 3 and roll < 0.25:
        return {rng.choice(["id", "type", "zh", "en", "value", "item", "in", "x"]):
                hostile_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    if roll < 0.45:
        return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randint(0, 40)))
    if roll < 0.55:
        return rng.randint(-(2**70), 2**70)
    return rng.choice(HOSTILE_SCALARS)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[head] = _replace(node[head], rest, value)
    return copy


def hostile_checklist(rng: random.Random, shipped: list[Any]) -> str:
    roll = rng.random()
    if roll < 0.05:
        levels = rng.randint(3, 12)
        lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]"
                  for n in range(1, levels)]
        return "\n".join([*lines, f"id: [*a{levels - 1}]"]) + "\n"
    if roll < 0.08:
        depth = rng.randint(30, 3000)
        return "id: x\nsections: " + "[" * depth + "]" * depth + "\n"
    if roll < 0.10:
        return f"id: x\nversion: {'9' * rng.randint(10, 9000)}\n"
    data = rng.choice(shipped)
    paths = [p for p in _paths(data) if p]
    for _ in range(rng.randint(1, 3)):
        data = _replace(data, rng.choice(paths), hostile_value(rng))
        paths = [p for p in _paths(data) if p]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def hostile_answers(rng: random.Random, items: list[str]) -> bytes:
    roll = rng.random()
    if roll < 0.05:
        return rng.randbytes(rng.randint(0, 200))
    if roll < 0.10:
        depth = rng.randint(100, 200_000)
        return b'{"remarks": ' + b"[" * depth + b"]" * depth + b"}"
    if roll < 0.15:
        return rng.choice([b'{"mobile_vendors": NaN}', b'{"remarks": "\\ud800"}',
                           b'{"mobile_vendors": 1e999}', b'{"mobile_vendors": ' + b"9" * 5000
                           + b"}", "{\"remarks\": \"门\"}".encode("gbk"), b"\xef\xbb\xbf{}"])
    answers = {rng.choice(items): hostile_value(rng) for _ in range(rng.randint(0, 5))}
    return json.dumps(answers, ensure_ascii=rng.random() < 0.5, allow_nan=True).encode()


def hostile_text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.1:
        return rng.choice(["x" * 100_000, "占" * 100_000, "行\n" * 5000, "\ud800" * 10])
    alphabet = [chr(c) for c in (0, 7, 9, 10, 13, 27, 0x85, 0x202E, 0x200F, 0xFEFF, 0xD800,
                                 0xDFFF, 0x1F600, 0x10FFFF, 0x0E01, 0x1200, 0x3000)]
    return "".join(rng.choice(alphabet) if rng.random() < 0.3 else chr(rng.randrange(0x20,
                   0xA000)) for _ in range(rng.randint(0, 3000)))


def hostile_arg(rng: random.Random) -> str:
    return rng.choice([
        "0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "20260101", "+2026-01-01",
        " 2026-01-01", "2026-W01-1", "", "-1", str(10**12), str(2**100), "1e3", "nan",
        "\ud800", "٢٠٢٦-٠١-٠١", f"{rng.randint(1, 9999):04d}-{rng.randint(1, 12):02d}-"
        f"{rng.randint(1, 31):02d}", str(rng.randint(-(10**6), 10**6))])


# ---- the runs ---------------------------------------------------------------------------------

def _alarm(signum: int, frame: Any) -> None:
    raise Hung()


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_case(tally: Tally, hang: float, case: Callable[[], str]) -> None:
    """`case` returns "accepted", "refused" or "wrote"; any other exception is a crash."""
    start = time.perf_counter()
    try:
        with time_limit(hang):
            outcome = case()
    except Hung:
        tally.hung += 1
        tally.failure(f"hung: {case.__doc__ or ''}")
        outcome = ""
    except BaseException as exc:  # counting every kind of failure is the point
        if isinstance(exc, KeyboardInterrupt):
            raise
        tally.crashed += 1
        tally.failure("".join(traceback.format_exception(exc, limit=-3)).strip()[-600:])
        outcome = ""
    took = time.perf_counter() - start
    tally.cases += 1
    tally.seconds += took
    tally.slowest = max(tally.slowest, took)
    if outcome == "accepted":
        tally.accepted += 1
    elif outcome == "refused":
        tally.refused += 1
    elif outcome == "wrote":
        tally.refused += 1
        tally.wrote += 1
        tally.failure("wrote something on a refusal")


def _fingerprint(db_path: Path) -> str:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for line in conn.iterdump():
            digest.update(line.encode("utf-8", "surrogatepass"))
    finally:
        conn.close()
    store = media_dir(db_path)
    files = sorted(str(p) for p in store.rglob("*") if p.is_file()) if store.exists() else []
    digest.update("\n".join(files).encode())
    return digest.hexdigest()


class World:
    """A database with a draft inspection, made through the CLI, for the writing readers."""

    def __init__(self, folder: Path) -> None:
        self.db = folder / "fuzz.db"
        with contextlib.redirect_stdout(io.StringIO()):
            assert cli_main(["demo", "--db", str(self.db), "--inspections", "20", "--photos",
                             "0", "--as-of", "2026-03-31"]) == 0
        conn = sqlite3.connect(self.db)
        self.draft = conn.execute(
            "SELECT id FROM inspections WHERE status = 'draft' LIMIT 1").fetchone()[0]
        self.site = conn.execute("SELECT id FROM sites LIMIT 1").fetchone()[0]
        conn.close()


def _quiet(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            return cli_main(argv)
        except SystemExit as exc:
            return int(exc.code or 0)


def readers(rng: random.Random, tmp: Path) -> dict[str, Callable[[], str]]:
    """One case per call for each reader."""
    from app.cli import build_parser

    shipped = [yaml.safe_load(p.read_text(encoding="utf-8"))
               for p in sorted(forms_dir().glob("*.yaml"))]
    items = ["business_kind", "goods_sold", "mobile_vendors", "beyond_distance_m",
             "inspected_on", "scene_photos", "remarks", "credit_code", "nope"]
    world = World(tmp)
    counter = iter(range(10**9))

    def photo_bytes() -> str:
        """read_photo of a damaged photo"""
        try:
            read_photo(damaged_photo(rng))
            return "accepted"
        except PhotoRejected:
            return "refused"

    def photo_import() -> str:
        """attach_files of three damaged photos"""
        from app.media.importer import attach_files
        from app.store.db import open_database

        folder = tmp / f"batch{next(counter)}"
        folder.mkdir()
        files = []
        for k in range(3):
            files.append(folder / f"p{k}.jpg")
            files[-1].write_bytes(damaged_photo(rng))
        before = _fingerprint(world.db)
        db = open_database(world.db)
        try:
            results = attach_files(db, world.db, world.draft, files, "fuzz",
                                   print_copies=False)
        finally:
            db.conn.close()
        if any(r.ok for r in results):
            return "accepted"
        return "wrote" if _fingerprint(world.db) != before else "refused"

    special = _special_paths(tmp)

    def photo_paths() -> str:
        """read_photo_file of a pipe, a device, a folder or a loop"""
        report = read_photo_file(rng.choice(special))
        return "accepted" if report.ok else "refused"

    def checklist() -> str:
        """load_checklist_text of a hostile checklist"""
        try:
            load_checklist_text(hostile_checklist(rng, shipped), "fuzz.yaml")
            return "accepted"
        except ChecklistError:
            return "refused"

    def answers() -> str:
        """inspection new --answers of a hostile file"""
        path = tmp / "answers.json"
        path.write_bytes(hostile_answers(rng, items))
        before = _fingerprint(world.db)
        code = _quiet(["inspection", "new", "--db", str(world.db), "--form", "street_order",
                       "--site", world.site, "--answers", str(path)])
        if code == 0:
            return "accepted"
        if code != 3:
            raise RuntimeError(f"exit code {code}")
        return "wrote" if _fingerprint(world.db) != before else "refused"

    parser = build_parser()

    def cli_args() -> str:
        """parse_args of hostile dates and numbers"""
        value = hostile_arg(rng)
        argv = rng.choice([
            ["demo", "--as-of", value], ["demo", "--inspections", value],
            ["demo", "--seed", value], ["demo", "--photos", value],
            ["report", "summary", "--out", "x.pdf", "--from", value],
            ["report", "summary", "--out", "x.pdf", "--to", value],
            ["report", "summary", "--out", "x.pdf", "--as-of", value],
            ["report", "notice", "x", "--out", "x.pdf", "--issue-date", value],
        ])
        with contextlib.redirect_stderr(io.StringIO()):
            try:
                parser.parse_args(argv)
            except SystemExit as exc:
                if exc.code != 2:
                    raise
                return "refused"
        return "accepted"

    def pdf_text() -> str:
        """a document with hostile text"""
        return _pdf_case(rng, tmp, hostile_text(rng))

    return {"photo_bytes": photo_bytes, "photo_import": photo_import,
            "photo_paths": photo_paths, "checklist": checklist, "answers": answers,
            "cli_args": cli_args, "pdf_text": pdf_text}


def _special_paths(tmp: Path) -> list[Path]:
    paths = [Path("/dev/zero"), Path("/dev/urandom"), Path("/dev/stdin"), tmp / "missing.jpg"]
    folder = tmp / "folder.jpg"
    folder.mkdir()
    loop = tmp / "loop.jpg"
    loop.symlink_to(loop)
    paths += [folder, loop]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp / "pipe.jpg")
        paths.append(tmp / "pipe.jpg")
    good = tmp / "good.jpg"
    good.write_bytes(_jpeg(random.Random(1)))
    return [*paths, good]


def _pdf_case(rng: random.Random, tmp: Path, text: str) -> str:
    from app.reports import write_inspection_report, write_notice, write_summary
    from app.reports.model import (
        AnswerRow,
        AnswerSection,
        FindingRow,
        InspectionReportData,
        NoticeData,
        SiteInfo,
        SummaryData,
    )

    site = SiteInfo(district="东城区", street=text, address=text, business_name=text)
    finding = FindingRow(item_label=text, text=text, severity="一般", legal_basis=text)
    out = tmp / "doc.pdf"
    kind = rng.choice(["notice", "inspection", "summary"])
    if kind == "notice":
        write_notice(NoticeData(
            office_name=text, notice_number="N1", record_id="r1", site=site,
            findings=(finding,), legal_basis=(text,), inspection_date="2026-03-15",
            rectification_days=7, deadline="2026-03-22", report_back=text,
            issue_date="2026-03-15", inspector=text, badge_no="A1", checklist_title=text), out)
    elif kind == "inspection":
        write_inspection_report(InspectionReportData(
            office_name=text, record_id="r1", checklist_title=text, checklist_version=1,
            work_item=text, status="草稿", site=site, inspector=text, badge_no="A1", team=text,
            started_at="2026-03-15 09:00", completed_at="", location=None,
            sections=(AnswerSection(text, (AnswerRow(text, text, is_finding=True),)),),
            findings=(finding,), photos=(), legal_basis=(text,),
            generated_at="2026-03-16 10:00"), out)
    else:
        write_summary(SummaryData(
            office_name=text, date_from="2026-03-01", date_to="2026-03-31", filters=(text,),
            statuses=("草稿",), by_work_item=(), findings_by_kind=(), per_inspector=(),
            open_items=(), inspections=(), as_of="2026-03-31"), out)
    return "accepted" if out.read_bytes().startswith(b"%PDF") else "refused"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--hang", type=float, default=20.0, help="seconds before a case hangs")
    parser.add_argument("--memory-gb", type=float, default=3.0)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    try:
        import resource

        limit = int(args.memory_gb * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError):
        pass
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="fuzz-readers-") as tmp_name:
        os.environ["STREET_AUDIT_HOME"] = tmp_name
        tmp = Path(tmp_name)
        cases = readers(rng, tmp)
        names = [n for n in cases if not args.only or n in args.only]
        tallies = {n: Tally() for n in names}
        share = args.minutes * 60 / len(names)
        started = datetime.now(UTC)
        for name in names:
            until = time.monotonic() + share
            while time.monotonic() < until:
                run_case(tallies[name], args.hang, cases[name])
        took = datetime.now(UTC) - started
    print(f"fuzz_readers: seed {args.seed}, {took / timedelta(minutes=1):.1f} min, "
          f"hang limit {args.hang:g} s, memory ceiling {args.memory_gb:g} GB")
    print(f"{'reader':14} {'cases':>7} {'accepted':>9} {'refused':>8} {'crashed':>8} "
          f"{'hung':>5} {'wrote':>6} {'slowest':>9}")
    bad = 0
    for name, t in tallies.items():
        print(f"{name:14} {t.cases:7d} {t.accepted:9d} {t.refused:8d} {t.crashed:8d} "
              f"{t.hung:5d} {t.wrote:6d} {t.slowest:8.2f}s")
        bad += t.crashed + t.hung + t.wrote
    for name, t in tallies.items():
        for failure in t.first_failures:
            print(f"\n[{name}] {failure}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
