"""`street-audit photos info FILE...` and `photos import --inspection ID FILE...` (DESIGN.md)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from app.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    CliError,
    InputRejected,
    add_db_option,
    add_json_option,
    db_path,
)
from app.core.errors import AppError, InputRefused
from app.media.detach import remove_photo
from app.media.importer import attach_files
from app.media.reading import read_photo_file
from app.media.site_location import (
    LocationCandidate,
    SiteLocationRefused,
    locate_site_from_photo,
    location_candidate,
)
from app.store import photos as repo
from app.store.db import DatabaseError, open_database, refuse_if_read_only
from app.store.inspection_errors import InspectionError
from app.store.profile import get_profile


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "photos", help="照片 (photos)",
        description="照片相关命令。 (Commands for photos.)")
    sub = parser.add_subparsers(dest="photos_command", required=True)
    info = sub.add_parser(
        "info", help="显示照片的位置、时间等信息 (show what a photo records)",
        description="逐个显示照片的经纬度（WGS-84）、海拔、拍摄时间、方向、尺寸和问题；"
        "有文件被拒绝时退出码为 3，其余文件照常显示。 (Print lat, lon (WGS-84), alt, "
        "taken_at, orientation, size and problems of each photo; exit code 3 when any file "
        "is rejected, the others are still printed.)")
    info.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_json_option(info)
    info.set_defaults(handler=run_info)
    imp = sub.add_parser(
        "import", help="把照片添加到检查 (attach photos to an inspection)",
        description="把照片添加到一次检查（每个文件一行结果）；有文件被拒绝时退出码为 3。 "
        "(Attach photos to an inspection, one result line per file; exit code 3 when any "
        "file is rejected.)")
    imp.add_argument("--inspection", required=True, metavar="ID", help="检查编号 (inspection id)")
    imp.add_argument("--item", default=None, metavar="ITEM",
                     help="照片题目编号（可选） (photo item id of the checklist, optional)")
    imp.add_argument("--locate-site", action="store_true",
                     help="场所尚无位置时，用本区内第一张带 GPS 的照片的位置作为场所位置（须确认） "
                     "(the site has no location: take it from the first photo with GPS inside "
                     "the site's district — your confirmation)")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_db_option(imp)
    add_json_option(imp)
    imp.set_defaults(handler=run_import)
    rem = sub.add_parser(
        "remove", help="把照片从检查中移除（原件保留） (detach a photo; the original stays)",
        description="把照片从一次未完成的检查中移除，连同它在照片项答案中的记录；照片原件是证据，"
        "留在照片库中。 (Detach a photo from a draft inspection, and from its photo item's "
        "answer; the original is evidence and stays in the photo store.)")
    rem.add_argument("--inspection", required=True, metavar="ID", help="检查编号 (inspection id)")
    rem.add_argument("sha256", metavar="SHA256",
                     help="照片的 SHA-256（或至少 8 位的唯一前缀） (the photo's SHA-256, or a "
                     "unique prefix of 8 or more)")
    add_db_option(rem)
    add_json_option(rem)
    rem.set_defaults(handler=run_remove)


def _info_line(path: Path, meta: dict[str, Any], sha: str) -> str:
    def f(v: Any, unit: str = "") -> str:
        return "—" if v is None else f"{v}{unit}"

    lat = f"{meta['lat']:.6f}" if meta["lat"] is not None else "—"
    lon = f"{meta['lon']:.6f}" if meta["lon"] is not None else "—"
    alt = f"{meta['alt']:.1f} m" if meta["alt"] is not None else "—"
    lines = [
        f"{path}",
        f"  纬度 lat {lat}  经度 lon {lon}  (WGS-84)  海拔 alt {alt}",
        f"  拍摄时间 taken_at {f(meta['taken_at'])}"
        + ("（未记录时区，按北京时间）(no offset recorded: Beijing time assumed)"
           if meta["taken_offset_assumed"] else ""),
        f"  GPS 时间 gps_time {f(meta['gps_time'])}  方向 orientation {f(meta['orientation'])}",
        f"  尺寸 size {meta['width']}×{meta['height']}  {meta['mime']}  "
        f"{f(meta['make'])} {f(meta['model'])}  sha256 {sha}",
    ]
    for p in meta["problems"]:
        lines.append(f"  问题 problem: {p['zh']} ({p['en']})")
    return "\n".join(lines)


def run_info(args: argparse.Namespace) -> int:
    rejected = 0
    out: list[dict[str, Any]] = []
    for path in args.files:
        report = read_photo_file(path)
        if report.photo is None:
            assert report.error is not None
            rejected += 1
            item: dict[str, Any] = {"file": str(path), "ok": False, "code": report.error.code,
                                    "error": report.error.text.to_dict()}
            if not args.json:
                print(f"{path}\n  拒绝 (rejected): {report.error.text.both()}")
        else:
            meta = report.photo.meta.to_json()
            item = {"file": str(path), "ok": True, "sha256": report.photo.sha256,
                    "size_bytes": report.photo.size, **meta}
            if not args.json:
                print(_info_line(path, meta, report.photo.sha256))
        out.append(item)
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return EXIT_REJECTED if rejected else EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    try:
        db = open_database(db_path(args))
    except DatabaseError as exc:
        raise CliError(str(exc)) from exc
    located: dict[str, Any] | None = None
    candidate: LocationCandidate | None = None
    try:
        refuse_if_read_only(db)  # before the photo store is written: say "read-only", once
        profile = get_profile(db)
        actor = profile.inspector_name if profile else ""
        heard: list[Any] = []
        interrupt = _InterruptBetweenPhotos()

        def hear(result: Any) -> None:
            heard.append(result)
            if not args.json:
                print(result.line(), flush=True)  # as it commits: an interrupted run says so
            interrupt.check()

        try:
            with interrupt:
                results = attach_files(db, db_path(args), args.inspection, args.files, actor,
                                       item_id=args.item, on_result=hear)
        except KeyboardInterrupt:
            _say_interrupted(args, heard)
            raise
        except InputRefused as exc:
            raise InputRejected(exc.text.both()) from exc
        except (repo.InspectionReadOnly, repo.InspectionMissing, InspectionError) as exc:
            raise CliError(str(exc)) from exc
        candidate = location_candidate(db, args.inspection)
        if args.locate_site:
            located = _locate_site(db, args.inspection, candidate, actor)
    finally:
        db.conn.close()
    if args.json:  # the contract: one object per file; the site's location is a note aside
        json.dump([_result_json(r) for r in results], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    note = None
    if located is not None:
        note = located["message"]
    elif candidate is not None:
        note = (f"场所尚无位置；照片 {candidate.sha256[:12]}… 在场所所在区内"
                f"（{candidate.lat:.6f}, {candidate.lon:.6f}），确认后可加 --locate-site 用作场所"
                "位置 (the site has no location; a photo inside its district could give it: "
                "run again with --locate-site to confirm)")
    if note:
        print(note, file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK if all(r.ok for r in results) else EXIT_REJECTED


class _InterruptBetweenPhotos:
    """Ctrl-C takes effect between two photos, after the one committing has been reported:
    a photo committed but not yet named would otherwise go unreported. A second Ctrl-C stops
    at once (a photo stuck on a slow card)."""

    def __init__(self) -> None:
        self.pending = False
        self._previous: Any = None

    def __enter__(self) -> _InterruptBetweenPhotos:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _on_sigint(self, _signum: int, _frame: object) -> None:
        if self.pending:
            raise KeyboardInterrupt
        self.pending = True

    def check(self) -> None:
        if self.pending:
            raise KeyboardInterrupt


def _say_interrupted(args: argparse.Namespace, heard: list[Any]) -> None:
    """Ctrl-C: which files were committed before it (each one whole), on stderr; JSON too."""
    committed = [r for r in heard if r.ok]
    if args.json:
        json.dump([_result_json(r) for r in heard], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    names = "、".join(r.path.name if r.path else (r.sha256 or "?")[:12] for r in committed)
    print(f"已中断：中断前已添加 {len(committed)} 个文件{('：' + names) if names else ''}；"
          f"其余文件未添加，可再次导入 (interrupted: {len(committed)} file(s) were attached "
          "before it; the rest were not, import them again)", file=sys.stderr, flush=True)


def _result_json(r: Any) -> dict[str, Any]:
    return {"file": str(r.path), "ok": r.ok, "sha256": r.sha256, "link_id": r.link_id,
            "already_attached": r.already_attached, "restored": getattr(r, "restored", False),
            "checks": [{"code": c.code, "severity": c.severity, **c.text.to_dict()}
                       for c in r.checks],
            "error": r.error.text.to_dict() if r.error else None}


def _locate_site(db: Any, inspection_id: str, candidate: Any, actor: str) -> dict[str, Any]:
    """--locate-site: the person confirmed; use the candidate, or say why there is none."""

    row = repo.inspection_row(db, inspection_id)
    if row["site_lat"] is not None:
        return {"set": False, "message": "场所已有位置，未改动 (the site already has a location)"}
    if candidate is None:
        return {"set": False, "message":
                "没有位于场所所在区内的带 GPS 照片，场所位置未设置 "
                "(no photo with GPS inside the site's district: the site's location was not set)"}
    try:
        done = locate_site_from_photo(db, candidate.site_id, candidate.sha256, actor)
    except SiteLocationRefused as exc:
        return {"set": False, "message": exc.text.both()}
    return {"set": True, "sha256": done.sha256, "lat": done.lat, "lon": done.lon,
            "message": f"场所位置已设为照片 {done.sha256[:12]}… 的位置 ({done.lat:.6f}, "
                       f"{done.lon:.6f}) (site located from photo {done.sha256[:12]}…)"}


def run_remove(args: argparse.Namespace) -> int:
    """Detach a photo from a draft inspection (the original stays: it is evidence)."""

    try:
        db = open_database(db_path(args))
    except DatabaseError as exc:
        raise CliError(str(exc)) from exc
    try:
        profile = get_profile(db)
        try:
            removed = remove_photo(db, args.inspection, args.sha256,
                                   profile.inspector_name if profile else "")
        except AppError as exc:
            error = InputRejected if exc.exit_code == EXIT_REJECTED else CliError
            raise error(exc.text.both()) from exc
        except (repo.InspectionReadOnly, repo.InspectionMissing, InspectionError) as exc:
            raise InputRejected(str(exc)) from exc
    finally:
        db.conn.close()
    sha = removed[0].sha256
    human = (f"已从检查 {args.inspection} 移除照片 {sha}（{len(removed)} 处；原件保留） "
             f"(detached photo {sha} from {len(removed)} place(s); the original stays)")
    data = {"inspection": args.inspection, "sha256": sha,
            "removed": [{"link_id": lk.id, "item_id": lk.item_id} for lk in removed]}
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(human)
    return EXIT_OK
