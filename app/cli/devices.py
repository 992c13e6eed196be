"""`street-audit devices key|enrol|list|revoke` (DESIGN.md): this device's public keys out,
another device's in (office ↔ laptop), the list, and revocation."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.common import InputRejected, add_db_option, add_json_option, db_path, emit
from app.cli.init import open_db
from app.core.bounded_read import FileTooLarge, NotRegularFile, read_regular_file
from app.media.filestore import atomic_write
from app.store.profile import get_profile
from app.sync.devices import enrol_device, list_devices, local_device, local_keys, revoke_device
from app.sync.inbox import sequence_report
from app.sync.keys import MAX_PUBLIC_FILE, parse_public_key, public_key_text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "devices", help="设备与密钥 (devices and keys)",
        description="导出本机公钥、登记其他设备（单位登记巡查电脑，巡查电脑登记单位）、"
        "列出和吊销设备。 "
        "(Export this device's public keys, enrol another device's — an office enrols a "
        "laptop, a laptop its office —, list and revoke devices.)")
    sub = parser.add_subparsers(dest="devices_command", required=True)
    key = sub.add_parser("key", help="导出本机公钥文件 (write this device's public key file)",
                         description="写出本机的公钥文件（含指纹，可电话核对）；私钥不会写出。 "
                         "(Write this device's public key file, with a fingerprint to read "
                         "out over the phone; the private keys never leave.)")
    key.add_argument("--out", required=True, type=Path, metavar="FILE")
    enrol = sub.add_parser("enrol", help="登记另一台设备的公钥文件 (enrol another device)",
                           description="登记另一台设备的公钥文件；请与对方电话核对指纹。 "
                           "(Enrol another device's public key file; check the fingerprint "
                           "with its owner over the phone.)")
    enrol.add_argument("file", type=Path, metavar="FILE")
    lst = sub.add_parser("list", help="列出设备 (list devices)")
    revoke = sub.add_parser("revoke", help="吊销设备 (revoke a device)",
                            description="吊销后，该设备的数据包一律拒收。 (A revoked device's "
                            "bundles are refused from then on.)")
    revoke.add_argument("device_id", metavar="ID")
    for p in (key, enrol, lst, revoke):
        add_db_option(p)
        add_json_option(p)
    key.set_defaults(handler=run_key)
    enrol.set_defaults(handler=run_enrol)
    lst.set_defaults(handler=run_list)
    revoke.set_defaults(handler=run_revoke)


def _actor(db: Any) -> str:
    profile = get_profile(db)
    return profile.inspector_name if profile else ""


def run_key(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        keys = local_keys(db, _actor(db))
        me = local_device(db)
        profile = get_profile(db)
        name = (profile.office_name or profile.inspector_name) if profile else me.label
        text = public_key_text(keys, name or me.label, me.role)
    finally:
        db.close()
    atomic_write(Path(args.out), text.encode("utf-8"))
    emit(args, f"已写出本机公钥 {args.out}\n设备 {keys.device_id}（{me.role}），指纹 "
               f"{keys.fingerprint}\n(wrote this device's public keys to {args.out}; "
               f"fingerprint {keys.fingerprint})",
         {"file": str(args.out), "device_id": keys.device_id, "role": me.role,
          "fingerprint": keys.fingerprint})
    return 0


def run_enrol(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = read_regular_file(path, MAX_PUBLIC_FILE)
    except NotRegularFile:
        raise InputRejected(f"{path} 不是普通文件（文件夹、管道或设备），不是密钥文件 "
                            f"({path} is not a regular file: not a key file)") from None
    except FileTooLarge:
        raise InputRejected(f"{path} 太大，不是密钥文件 ({path} is too large to be a key "
                            "file)") from None
    except OSError as exc:
        raise InputRejected(f"无法读取 {path}：{exc.strerror or exc} "
                            f"(cannot read {path}: {exc.strerror or exc})") from exc
    key = parse_public_key(data, str(path))
    db = open_db(db_path(args))
    try:
        device, new = enrol_device(db, key, _actor(db))
    finally:
        db.close()
    state = "已登记" if new else "早已登记，未作改动"
    emit(args, f"{state}：设备 {device.id}（{device.role}，{device.label}），指纹 "
               f"{device.fingerprint}；请与对方核对指纹\n"
               f"({'enrolled' if new else 'already enrolled, nothing changed'}: device "
               f"{device.id}, {device.role}; check the fingerprint {device.fingerprint} with "
               "its owner)",
         {"device_id": device.id, "role": device.role, "name": device.label,
          "fingerprint": device.fingerprint, "new": new})
    return 0


def run_list(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        devices = list_devices(db)
        seqs = sequence_report(db)
    finally:
        db.close()
    lines, data = [], []
    for d in devices:
        state = "本机 (this device)" if d.is_local else (
            f"已吊销 (revoked {d.revoked_at})" if d.revoked else "已登记 (enrolled)")
        report = seqs.get(d.id)
        seq_text = ""
        if report is not None:
            seq_text = f"  已收到至第 {report.highest} 号 (bundles up to {report.highest})"
            for n in report.missing:
                seq_text += f"；第 {n} 号数据包未收到 (bundle {n} not received)"
        lines.append(f"{d.id}  {d.role:<6}  {d.fingerprint or '-':<24}  {d.label}  {state}"
                     f"{seq_text}")
        data.append({"device_id": d.id, "role": d.role, "name": d.label,
                     "fingerprint": d.fingerprint or None, "local": d.is_local,
                     "enrolled_at": d.enrolled_at, "revoked_at": d.revoked_at,
                     "highest_seq": report.highest if report else None,
                     "missing_seqs": list(report.missing) if report else []})
    emit(args, "\n".join(lines) if lines else "没有设备 (no devices)", data)
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    db = open_db(db_path(args))
    try:
        device = revoke_device(db, args.device_id, _actor(db))
    finally:
        db.close()
    emit(args, f"已吊销设备 {device.id}（{device.label}）：其数据包今后一律拒收\n"
               f"(revoked device {device.id}: its bundles are refused from now on)",
         {"device_id": device.id, "revoked_at": device.revoked_at})
    return 0
