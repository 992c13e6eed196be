"""`street-audit backup --out FILE.db`: a consistent copy of the database, its keys and photos.

The database is copied with SQLite's backup API (app.store.backup), so it may be open in the
window or in a merge meanwhile; never copy an open database file by hand. Beside the copy go the
device's private keys (`<name>-keys/`, secret: keep the backup safe) and, unless --no-photos,
the photo originals (`<name>-photos/originals/`, copied only when missing: they never change).
The copy is a working database: `street-audit --db FILE.db gui` opens it as it was.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from app.cli.common import CliError, add_db_option, add_json_option, db_path, emit


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="备份数据库、密钥和照片 (back up the database, its keys and photos)",
        description="用 SQLite 备份接口复制数据库（程序开着也可以），并复制本机密钥和照片原件到"
        "备份旁边。不要直接复制正在使用的数据库文件。 (Copy the database with SQLite's backup "
        "API, even while the program has it open, with this device's keys and the photo "
        "originals beside it. Never copy an open database file by hand.)",
    )
    add_db_option(parser)
    add_json_option(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.db",
                        help="备份文件（不能是已有的数据库） (the backup file; never an existing "
                        "database)")
    parser.add_argument("--no-photos", action="store_true",
                        help="不复制照片原件 (leave the photo originals out)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.cli.sites import open_existing
    from app.output_guard import check_output
    from app.paths import media_dir
    from app.store.backup import backup_database
    from app.sync.keys import key_file

    source = db_path(args)
    out = Path(args.out)
    check_output(out, source)  # never over the database, its photos or another database
    if not out.parent.is_dir():
        raise CliError(f"文件夹不存在：{out.parent} (no such folder: {out.parent})")
    db = open_existing(args)
    try:
        result = backup_database(db, out)
    finally:
        db.close()
    keys = _copy_keys(key_file(source), key_file(out))
    photos = 0 if args.no_photos else _copy_photos(media_dir(source), media_dir(out))
    human = (f"已备份数据库到 {out}（{result.size_bytes / 1e6:.1f} MB）"
             + (f"；密钥 {keys.parent}（机密，请妥善保管）" if keys else "")
             + ("" if args.no_photos else f"；新复制照片原件 {photos} 张到 {media_dir(out)}")
             + f"\n(backed up to {out}, {result.size_bytes / 1e6:.1f} MB"
             + (f"; keys in {keys.parent}: secret, keep the backup safe" if keys else "")
             + ("" if args.no_photos else f"; {photos} photo originals newly copied") + ")")
    emit(args, human, {"db": str(source), "out": str(out), "bytes": result.size_bytes,
                       "pages": result.pages, "keys": str(keys) if keys else None,
                       "photos_copied": None if args.no_photos else photos,
                       "photos_dir": None if args.no_photos else str(media_dir(out))})
    return 0


def _copy_keys(source: Path, target: Path) -> Path | None:
    if not source.is_file():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return target


def _copy_photos(source: Path, target: Path) -> int:
    """Copy the originals missing at `target` (content-addressed: a present one is the same)."""
    originals = source / "originals"
    if not originals.is_dir():
        return 0
    copied = 0
    for path in sorted(originals.rglob("*")):
        if not path.is_file():
            continue
        dest = target / "originals" / path.relative_to(originals)
        if dest.is_file() and dest.stat().st_size == path.stat().st_size:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        shutil.copy2(path, part)
        part.replace(dest)
        copied += 1
    return copied
