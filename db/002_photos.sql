-- 002_photos: geotagged photo evidence (issue 3). Described in docs/photos.md.
--
-- photos: one row per distinct picture, keyed by the SHA-256 of its exact bytes; the bytes
-- themselves live in the photo store beside the database (app.paths.media_dir), under
-- originals/<first two hex>/<sha256>. Metadata is what the file itself says (EXIF).
CREATE TABLE photos (
    sha256                TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size                  INTEGER NOT NULL CHECK (size > 0),
    mime                  TEXT NOT NULL,            -- image/jpeg, image/png, image/webp, image/heic
    width                 INTEGER,                  -- pixels as stored (before orientation)
    height                INTEGER,
    lat                   REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),     -- WGS-84
    lon                   REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),   -- WGS-84
    alt                   REAL,                     -- metres, negative below sea level
    taken_at              TEXT,                     -- DateTimeOriginal with offset, ISO 8601
    taken_offset_assumed  INTEGER NOT NULL DEFAULT 0 CHECK (taken_offset_assumed IN (0, 1)),
    taken_at_utc          TEXT,                     -- the same instant in UTC ("Z"), for ordering
    gps_time              TEXT,                     -- GPS date + time, UTC ("Z")
    orientation           INTEGER CHECK (orientation IS NULL OR orientation BETWEEN 1 AND 8),
    make                  TEXT,
    model                 TEXT,
    phash                 TEXT CHECK (phash IS NULL OR length(phash) = 16),  -- 64-bit DCT hash
    exif_source           TEXT NOT NULL DEFAULT 'none',   -- exifread / pillow / none
    problems              TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(problems)),  -- [{zh, en}]
    original_name         TEXT NOT NULL DEFAULT '',  -- the file name it was imported from
    imported_at           TEXT NOT NULL,
    origin_device         TEXT NOT NULL
);
CREATE INDEX ix_photos_phash ON photos (phash);
CREATE INDEX ix_photos_taken ON photos (taken_at_utc);

-- A photo used in an inspection, at inspection level (item_id NULL) or in a checklist item's
-- photo slot. Synced record: id, origin_device, rev, base_rev, created_at, updated_at.
CREATE TABLE inspection_photos (
    id             TEXT PRIMARY KEY,
    origin_device  TEXT NOT NULL,
    rev            INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    base_rev       INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    inspection_id  TEXT NOT NULL REFERENCES inspections (id),
    sha256         TEXT NOT NULL REFERENCES photos (sha256),
    item_id        TEXT,
    caption        TEXT NOT NULL DEFAULT '',
    position       INTEGER NOT NULL DEFAULT 0,
    added_at       TEXT NOT NULL
);
-- The same picture once per inspection and slot (NULL item = the inspection itself).
CREATE UNIQUE INDEX ux_inspection_photos_use
    ON inspection_photos (inspection_id, sha256, coalesce(item_id, ''));
CREATE INDEX ix_inspection_photos_insp ON inspection_photos (inspection_id, item_id, position);
CREATE INDEX ix_inspection_photos_sha ON inspection_photos (sha256);

-- A completed inspection is evidence: its photos, captions and order do not change either.
CREATE TRIGGER inspection_photos_completed_insert BEFORE INSERT ON inspection_photos
WHEN (SELECT status FROM inspections WHERE id = new.inspection_id) = 'completed'
BEGIN
    SELECT RAISE(ABORT, '已完成的检查不能再添加照片，请提交更正 (a completed inspection is read-only: amend it)');
END;
CREATE TRIGGER inspection_photos_completed_update BEFORE UPDATE ON inspection_photos
WHEN (SELECT status FROM inspections WHERE id = old.inspection_id) = 'completed'
BEGIN
    SELECT RAISE(ABORT, '已完成的检查的照片不可修改 (photos of a completed inspection are read-only)');
END;
CREATE TRIGGER inspection_photos_completed_delete BEFORE DELETE ON inspection_photos
WHEN (SELECT status FROM inspections WHERE id = old.inspection_id) = 'completed'
BEGIN
    SELECT RAISE(ABORT, '已完成的检查的照片不可删除 (photos of a completed inspection cannot be removed)');
END;

-- Evidence checks of one photo in one inspection (derived: recomputed by app.media.checks,
-- not synced). code: see docs/photos.md; severity: warning (shown as a badge) or info.
CREATE TABLE photo_checks (
    id             INTEGER PRIMARY KEY,
    link_id        TEXT NOT NULL REFERENCES inspection_photos (id) ON DELETE CASCADE,
    inspection_id  TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    code           TEXT NOT NULL,
    severity       TEXT NOT NULL CHECK (severity IN ('warning', 'info')),
    text_zh        TEXT NOT NULL,
    text_en        TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
    checked_at     TEXT NOT NULL,
    UNIQUE (link_id, code)
);
CREATE INDEX ix_photo_checks_insp ON photo_checks (inspection_id, sha256);

-- Which photo a site's location was taken from (sites.location_source = 'photo'), so the
-- badge and the report can say so on that photo.
CREATE TABLE site_location_photos (
    site_id  TEXT PRIMARY KEY REFERENCES sites (id),
    sha256   TEXT NOT NULL REFERENCES photos (sha256),
    set_at   TEXT NOT NULL
);
