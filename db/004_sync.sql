-- 004_sync: devices' keys, record versions, bundles sent and merged, conflicts, other devices'
-- audit chains (issue 10). Described in docs/sync.md; the bundle itself in docs/bundle-format.md.
-- Nothing here depends on 003 (notices).

-- Devices: the keys. public_key (001) is the Ed25519 signing key, raw 32 bytes;
-- enc_public_key the X25519 receiving key, raw 32 bytes. The private keys never enter the
-- database: they live in a 0600 file beside it (app/sync/keys.py).
ALTER TABLE devices ADD COLUMN enc_public_key BLOB;
ALTER TABLE devices ADD COLUMN fingerprint TEXT;
ALTER TABLE devices ADD COLUMN enrolled_at TEXT;
ALTER TABLE devices ADD COLUMN revoked_at TEXT;

-- Record versions. vid: the id of the version this row holds; NULL while the row has local
-- changes not yet exported ("dirty": the export gives them one version id); base_vid: the
-- version those changes were made from. A local change of a clean row makes it dirty (the
-- triggers below); a merge writes vid itself, so the triggers leave it alone.
ALTER TABLE sites ADD COLUMN vid TEXT;
ALTER TABLE sites ADD COLUMN base_vid TEXT;
ALTER TABLE inspections ADD COLUMN vid TEXT;
ALTER TABLE inspections ADD COLUMN base_vid TEXT;
ALTER TABLE inspection_photos ADD COLUMN vid TEXT;
ALTER TABLE inspection_photos ADD COLUMN base_vid TEXT;
-- The export finds what changed through these (cost follows the changes, not the tables).
CREATE INDEX ix_sites_unsent ON sites (id) WHERE vid IS NULL;
CREATE INDEX ix_insp_unsent ON inspections (id) WHERE vid IS NULL;
CREATE INDEX ix_inspection_photos_unsent ON inspection_photos (id) WHERE vid IS NULL;

-- 002's guards of a completed inspection's photos, narrowed to what they protect: a merge
-- brings the uses of an inspection completed elsewhere (rows that carry their version id,
-- which a local change never does), and numbering a row's version changes no evidence.
DROP TRIGGER inspection_photos_completed_insert;
CREATE TRIGGER inspection_photos_completed_insert BEFORE INSERT ON inspection_photos
WHEN new.vid IS NULL
    AND (SELECT status FROM inspections WHERE id = new.inspection_id) = 'completed'
BEGIN
    SELECT RAISE(ABORT, '已完成的检查不能再添加照片，请提交更正 (a completed inspection is read-only: amend it)');
END;
DROP TRIGGER inspection_photos_completed_update;
CREATE TRIGGER inspection_photos_completed_update BEFORE UPDATE ON inspection_photos
WHEN (SELECT status FROM inspections WHERE id = old.inspection_id) = 'completed' AND (
    new.inspection_id IS NOT old.inspection_id OR new.sha256 IS NOT old.sha256
    OR new.item_id IS NOT old.item_id OR new.caption IS NOT old.caption
    OR new.position IS NOT old.position OR new.added_at IS NOT old.added_at
)
BEGIN
    SELECT RAISE(ABORT, '已完成的检查的照片不可修改 (photos of a completed inspection are read-only)');
END;

CREATE TRIGGER sites_sync_dirty AFTER UPDATE ON sites
WHEN new.vid IS old.vid AND old.vid IS NOT NULL
BEGIN
    UPDATE sites SET base_vid = old.vid, vid = NULL WHERE seq = new.seq;
END;
CREATE TRIGGER inspections_sync_dirty AFTER UPDATE ON inspections
WHEN new.vid IS old.vid AND old.vid IS NOT NULL
BEGIN
    UPDATE inspections SET base_vid = old.vid, vid = NULL WHERE id = new.id;
END;
CREATE TRIGGER inspection_photos_sync_dirty AFTER UPDATE ON inspection_photos
WHEN new.vid IS old.vid AND old.vid IS NOT NULL
BEGIN
    UPDATE inspection_photos SET base_vid = old.vid, vid = NULL WHERE id = new.id;
END;

-- A deleted record that others may know (it had been exported or merged) leaves a tombstone
-- for the next export. A merge that deletes writes its tombstone first (vid set), so these
-- triggers keep it.
CREATE TABLE sync_tombstones (
    entity      TEXT NOT NULL CHECK (entity IN ('site', 'inspection', 'inspection_photo')),
    record_id   TEXT NOT NULL,
    rev         INTEGER NOT NULL,
    base_vid    TEXT,
    vid         TEXT,              -- NULL until exported
    deleted_at  TEXT NOT NULL,
    PRIMARY KEY (entity, record_id)
);
CREATE INDEX ix_sync_tombstones_unsent ON sync_tombstones (record_id) WHERE vid IS NULL;
CREATE TRIGGER inspections_sync_tombstone AFTER DELETE ON inspections
WHEN old.vid IS NOT NULL OR old.base_vid IS NOT NULL
BEGIN
    INSERT INTO sync_tombstones (entity, record_id, rev, base_vid, vid, deleted_at)
    VALUES ('inspection', old.id, old.rev + 1, coalesce(old.vid, old.base_vid), NULL,
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, record_id) DO NOTHING;
END;
CREATE TRIGGER inspection_photos_sync_tombstone AFTER DELETE ON inspection_photos
WHEN old.vid IS NOT NULL OR old.base_vid IS NOT NULL
BEGIN
    INSERT INTO sync_tombstones (entity, record_id, rev, base_vid, vid, deleted_at)
    VALUES ('inspection_photo', old.id, old.rev + 1, coalesce(old.vid, old.base_vid), NULL,
            strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (entity, record_id) DO NOTHING;
END;

-- Every version this database has made (exported) or received: what a record's lineage,
-- its conflicts and `export --again` are computed from. content: the canonical JSON of the
-- synced columns (app/sync/records.py); deleted: a tombstone. A pure function of the versions
-- themselves: the same rows whatever order the bundles came in.
CREATE TABLE sync_versions (
    vid             TEXT PRIMARY KEY,
    entity          TEXT NOT NULL CHECK (entity IN ('site', 'inspection', 'inspection_photo')),
    record_id       TEXT NOT NULL,
    rev             INTEGER NOT NULL CHECK (rev >= 1),
    base_vid        TEXT,
    device_id       TEXT NOT NULL,   -- the device that made this version
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64)
);
CREATE INDEX ix_sync_versions_record ON sync_versions (entity, record_id);
CREATE INDEX ix_sync_versions_base ON sync_versions (base_vid) WHERE base_vid IS NOT NULL;

-- Local versions made outside an export (a merge meeting a row with local changes gives
-- them a version first): the next export sends them.
CREATE TABLE sync_unsent (
    vid  TEXT PRIMARY KEY
);

-- Bundles written (direction 'out', sender = this device) and merged ('in').
CREATE TABLE sync_log (
    bundle_id      TEXT PRIMARY KEY,
    direction      TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    kind           TEXT NOT NULL CHECK (kind IN ('field', 'assignment', 'rollup')),
    sender         TEXT NOT NULL,
    receiver       TEXT NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    schema_version INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    merged_at      TEXT,             -- 'in': when it was merged
    audit_from     INTEGER,          -- the sender's audit entries it carries (inclusive)
    audit_upto     INTEGER,
    audit_head     TEXT,             -- the sender's audit head hash at export
    counts         TEXT NOT NULL DEFAULT '{}',
    UNIQUE (direction, sender, seq)
);

-- What each written bundle holds, so `export --again N` writes the same bundle N.
-- item: 'version' (key = vid), 'photo' (key = sha256, bytes sent), 'photo_row' (metadata
-- only), 'form' (key = form_id + '/' + version).
CREATE TABLE sync_out_items (
    seq   INTEGER NOT NULL,
    item  TEXT NOT NULL CHECK (item IN ('version', 'photo', 'photo_row', 'form')),
    key   TEXT NOT NULL,
    PRIMARY KEY (seq, item, key)
);
-- Photos whose bytes have gone out in a bundle of this device (sent once).
CREATE TABLE sync_sent_photos (
    sha256   TEXT PRIMARY KEY,
    seq      INTEGER NOT NULL
);

-- Two versions of one record made from the same base (or unrelated): the winner is the
-- record's row, each loser is kept here, whole, for a person to resolve.
CREATE TABLE conflicts (
    entity        TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    loser_vid     TEXT NOT NULL,
    winner_vid    TEXT NOT NULL,
    loser_rev     INTEGER NOT NULL,
    loser_device  TEXT NOT NULL,
    loser_content TEXT NOT NULL,
    resolved_by   TEXT,              -- the version that resolved it (later: the window)
    PRIMARY KEY (entity, record_id, loser_vid)
);

-- Other devices' audit entries, each device's chain as its own database kept it
-- (chain_device = the device whose `audit` table it is); app/sync/chains.py checks them.
CREATE TABLE sync_audit (
    chain_device  TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    at            TEXT NOT NULL,
    device_id     TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    detail        TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL,
    PRIMARY KEY (chain_device, seq)
);
