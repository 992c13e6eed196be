-- 009_signatures: what a completion records besides the answers (issue 12.1): the signatures
-- drawn in the completion dialog, the party's refusal to sign with a witness, and the stated
-- reason when photo slots hold fewer photos than their minimum. Described in docs/data-model.md.

-- Why photo slots hold fewer photos than asked (NULL: none were short, or an older record).
-- Printed on the record as 照片不足说明; set only by completing, never changed afterwards.
ALTER TABLE inspections ADD COLUMN short_photo_reason TEXT;
CREATE TRIGGER inspections_completed_short_photo_reason
BEFORE UPDATE OF short_photo_reason ON inspections
WHEN old.status = 'completed' AND new.short_photo_reason IS NOT old.short_photo_reason
BEGIN
    SELECT RAISE(ABORT, '已完成的检查不可修改，请提交更正 (a completed inspection is read-only: amend it)');
END;

-- A signature of one person on one completed inspection: the PNG drawn on the signature pad
-- (base64 text, so it travels in bundles like any column), its SHA-256 and when it was made.
-- A party who refuses to sign leaves a row with refused = 1, no picture and the witness named.
-- Synced record (app/sync/records.py, entity 'signature'); made with the completion, in its
-- transaction, and never changed or deleted.
CREATE TABLE signatures (
    id             TEXT PRIMARY KEY,           -- UUIDv7
    origin_device  TEXT NOT NULL,
    rev            INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    base_rev       INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    inspection_id  TEXT NOT NULL REFERENCES inspections (id),
    role           TEXT NOT NULL
                   CHECK (role IN ('inspector', 'second_officer', 'party', 'witness')),
    signer_name    TEXT NOT NULL DEFAULT '',
    png_base64     TEXT,                       -- the drawn signature (NULL: refused)
    sha256         TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),  -- of the PNG bytes
    signed_at      TEXT NOT NULL,              -- UTC
    refused        INTEGER NOT NULL DEFAULT 0 CHECK (refused IN (0, 1)),
    witness_name   TEXT NOT NULL DEFAULT '',   -- who saw the party refuse
    vid            TEXT,
    base_vid       TEXT,
    CHECK ((png_base64 IS NULL) = (sha256 IS NULL)),
    CHECK ((refused = 1) = (png_base64 IS NULL)),
    CHECK (refused = 0 OR (role = 'party' AND witness_name <> ''))
);
CREATE INDEX ix_signatures_inspection ON signatures (inspection_id, role);
CREATE INDEX ix_signatures_unsent ON signatures (id) WHERE vid IS NULL;

-- Made while the inspection is a draft, in the completion's transaction; a merge brings the
-- signatures of an inspection completed elsewhere (rows carrying their version id).
CREATE TRIGGER signatures_completed_insert BEFORE INSERT ON signatures
WHEN new.vid IS NULL
    AND (SELECT status FROM inspections WHERE id = new.inspection_id) = 'completed'
BEGIN
    SELECT RAISE(ABORT, '已完成的检查不能再签字，请提交更正 (a completed inspection is read-only: amend it)');
END;
-- Numbering a row's version (vid, base_vid) changes nothing signed.
CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
WHEN new.inspection_id IS NOT old.inspection_id OR new.role IS NOT old.role
    OR new.signer_name IS NOT old.signer_name OR new.png_base64 IS NOT old.png_base64
    OR new.sha256 IS NOT old.sha256 OR new.signed_at IS NOT old.signed_at
    OR new.refused IS NOT old.refused OR new.witness_name IS NOT old.witness_name
BEGIN
    SELECT RAISE(ABORT, '签字不可修改 (signatures are never changed)');
END;
CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures BEGIN
    SELECT RAISE(ABORT, '签字不可删除 (signatures are never deleted)');
END;
