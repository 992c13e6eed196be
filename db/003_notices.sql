-- Rectification notices (整改通知书) and their document numbers (文号, issue 9.4).
-- A 文号 is 机关代字〔年〕第N号: N counts per office code and year from 1, never reused.
-- Numbers are handed out in blocks per device (docs/reports.md, "Notice numbers"): the office's
-- database grants a laptop a block; a database with no office above it grants itself one number
-- at a time from its own office sequence. Blocks of one office and year never overlap, so two
-- laptops' notices never share a number when their bundles are merged.

-- The issuing office's 机关代字, e.g. 东城城管责改 (set in Settings or `init --office-code`).
ALTER TABLE profile ADD COLUMN office_code TEXT NOT NULL DEFAULT '';

CREATE TABLE notice_number_blocks (
    office_code  TEXT NOT NULL CHECK (office_code <> ''),
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),
    device_id    TEXT NOT NULL,              -- the device that may issue these numbers
    first        INTEGER NOT NULL CHECK (first >= 1),
    last         INTEGER NOT NULL CHECK (last >= first),
    granted_at   TEXT NOT NULL,              -- UTC ISO 8601
    granted_by   TEXT NOT NULL,              -- the granting device (itself when standalone)
    PRIMARY KEY (office_code, year, first)
);
CREATE INDEX ix_notice_blocks_device ON notice_number_blocks (device_id, office_code, year, first);

CREATE TRIGGER notice_blocks_no_overlap BEFORE INSERT ON notice_number_blocks
WHEN EXISTS (
    SELECT 1 FROM notice_number_blocks b
    WHERE b.office_code = NEW.office_code AND b.year = NEW.year
      AND b.first <= NEW.last AND NEW.first <= b.last
)
BEGIN
    SELECT RAISE(ABORT, '文号号段与已有号段重叠 (notice number block overlaps another)');
END;
CREATE TRIGGER notice_blocks_no_update BEFORE UPDATE ON notice_number_blocks BEGIN
    SELECT RAISE(ABORT, '文号号段不能修改 (notice number blocks are never changed)');
END;
CREATE TRIGGER notice_blocks_no_delete BEFORE DELETE ON notice_number_blocks BEGIN
    SELECT RAISE(ABORT, '文号号段不能删除 (notice number blocks are never deleted)');
END;

-- Every notice ever issued. A number is taken by inserting its row (one statement, inside the
-- transaction that writes the audit entry): a killed process leaves either both or neither.
-- A voided notice keeps its row and its number; no row is ever deleted.
CREATE TABLE notices (
    id             TEXT PRIMARY KEY,         -- UUIDv7
    office_code    TEXT NOT NULL,
    year           INTEGER NOT NULL,
    number         INTEGER NOT NULL CHECK (number >= 1),
    inspection_id  TEXT NOT NULL REFERENCES inspections (id),
    issue_date     TEXT NOT NULL,            -- YYYY-MM-DD, Beijing calendar date printed
    device_id      TEXT NOT NULL,            -- the device that issued it (its block)
    issued_at      TEXT NOT NULL,            -- UTC ISO 8601
    issued_by      TEXT NOT NULL DEFAULT '', -- the person
    voided_at      TEXT,
    voided_by      TEXT,
    voided_reason  TEXT,
    rev            INTEGER NOT NULL DEFAULT 1,
    updated_at     TEXT NOT NULL,
    UNIQUE (office_code, year, number),
    CHECK ((voided_at IS NULL) = (voided_reason IS NULL))
);
-- One live notice per inspection: printing it again gives the same 文号.
CREATE UNIQUE INDEX ux_notices_live ON notices (inspection_id) WHERE voided_at IS NULL;

-- A number comes only from a block of the device that issues it.
CREATE TRIGGER notices_number_in_block BEFORE INSERT ON notices
WHEN NOT EXISTS (
    SELECT 1 FROM notice_number_blocks b
    WHERE b.office_code = NEW.office_code AND b.year = NEW.year AND b.device_id = NEW.device_id
      AND NEW.number BETWEEN b.first AND b.last
)
BEGIN
    SELECT RAISE(ABORT, '文号不在本设备的号段内 (notice number is outside the device''s blocks)');
END;
-- Only voiding changes a notice, once; its number, office, year and inspection never change.
CREATE TRIGGER notices_only_voided BEFORE UPDATE ON notices
WHEN OLD.voided_at IS NOT NULL
  OR NEW.office_code IS NOT OLD.office_code OR NEW.year IS NOT OLD.year
  OR NEW.number IS NOT OLD.number OR NEW.inspection_id IS NOT OLD.inspection_id
  OR NEW.issue_date IS NOT OLD.issue_date OR NEW.device_id IS NOT OLD.device_id
  OR NEW.issued_at IS NOT OLD.issued_at OR NEW.issued_by IS NOT OLD.issued_by
BEGIN
    SELECT RAISE(ABORT, '通知书只能作废一次，文号不能修改 (a notice can only be voided, once)');
END;
CREATE TRIGGER notices_no_delete BEFORE DELETE ON notices BEGIN
    SELECT RAISE(ABORT, '通知书不能删除，只能作废 (notices are voided, never deleted)');
END;
