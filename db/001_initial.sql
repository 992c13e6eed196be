-- 001_initial: the core tables of Street Audit (街巷巡查).
-- Applied by app/store/db.py inside one transaction; the runner sets PRAGMA user_version = 1.
-- Column meanings and the revision/amendment rules are in docs/data-model.md.
--
-- Synced records (sites, inspections) carry: id (UUIDv7 text), origin_device (the device that
-- created the record), rev (1, 2, ... bumped on every change), base_rev (the rev this one was
-- made from; NULL for a new record), created_at, updated_at (ISO 8601 UTC with "Z").

-- The devices this database knows: this laptop/PC (is_local = 1) and, at an office, the
-- enrolled field devices. public_key (Ed25519, raw 32 bytes) is filled by the sync issue.
CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('field', 'lead', 'office')),
    label       TEXT NOT NULL DEFAULT '',
    public_key  BLOB,
    is_local    INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
-- Exactly one local device per database.
CREATE UNIQUE INDEX ux_devices_local ON devices (is_local) WHERE is_local = 1;

-- Who uses this database (one row): the settings the window and the CLI share.
CREATE TABLE profile (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    device_id       TEXT NOT NULL REFERENCES devices (id),
    role            TEXT NOT NULL CHECK (role IN ('field', 'lead', 'office')),
    inspector_name  TEXT NOT NULL DEFAULT '',
    badge_no        TEXT NOT NULL DEFAULT '',
    team            TEXT NOT NULL DEFAULT '',
    district_code   TEXT,
    office_name     TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
);

-- Other per-database settings (JSON values), e.g. "language".
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Beijing administrative divisions, loaded from resources/divisions.csv.
-- code: 12-digit statistical code (district rows end in 000000, township rows in 000).
CREATE TABLE divisions (
    code         TEXT PRIMARY KEY CHECK (length(code) = 12),
    name         TEXT NOT NULL,
    level        TEXT NOT NULL CHECK (level IN ('district', 'township', 'community')),
    kind         TEXT NOT NULL,          -- 区 / 街道 / 镇 / 乡 / 社区 / 村
    parent_code  TEXT REFERENCES divisions (code),
    year         INTEGER NOT NULL        -- the year the code list is from (codes change)
);
CREATE INDEX ix_divisions_parent ON divisions (parent_code);

-- Inspected places: a shop, a building, a basement. seq is a stable integer key for the
-- full-text index (VACUUM keeps INTEGER PRIMARY KEY values, not implicit rowids).
CREATE TABLE sites (
    seq                INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    origin_device      TEXT NOT NULL,
    rev                INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    base_rev           INTEGER,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    name               TEXT NOT NULL DEFAULT '',   -- business or building name
    address            TEXT NOT NULL DEFAULT '',
    district_code      TEXT NOT NULL CHECK (length(district_code) = 6),  -- e.g. 110105
    division_code      TEXT CHECK (division_code IS NULL OR length(division_code) = 12),
    credit_code        TEXT,                       -- normalized upper case, NULL when none
    credit_code_check  TEXT CHECK (credit_code_check IN ('ok', 'format', 'check')),
    lat                REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),    -- WGS-84
    lon                REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),  -- WGS-84
    location_source    TEXT CHECK (location_source IN ('gps', 'photo', 'manual', 'demo')),
    contact_name       TEXT NOT NULL DEFAULT '',
    contact_phone      TEXT NOT NULL DEFAULT '',
    notes              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ix_sites_district ON sites (district_code, name);
CREATE INDEX ix_sites_division ON sites (division_code);
CREATE INDEX ix_sites_credit_code ON sites (credit_code);
CREATE INDEX ix_sites_updated ON sites (updated_at);

-- Chinese-capable search: trigram FTS5 over name, address and credit code, kept in step
-- with sites by the triggers below (external content: the text lives only in sites).
CREATE VIRTUAL TABLE sites_fts USING fts5 (
    name, address, credit_code,
    content = 'sites', content_rowid = 'seq', tokenize = 'trigram'
);
CREATE TRIGGER sites_fts_insert AFTER INSERT ON sites BEGIN
    INSERT INTO sites_fts (rowid, name, address, credit_code)
    VALUES (new.seq, new.name, new.address, coalesce(new.credit_code, ''));
END;
CREATE TRIGGER sites_fts_delete AFTER DELETE ON sites BEGIN
    INSERT INTO sites_fts (sites_fts, rowid, name, address, credit_code)
    VALUES ('delete', old.seq, old.name, old.address, coalesce(old.credit_code, ''));
END;
CREATE TRIGGER sites_fts_update AFTER UPDATE OF name, address, credit_code ON sites BEGIN
    INSERT INTO sites_fts (sites_fts, rowid, name, address, credit_code)
    VALUES ('delete', old.seq, old.name, old.address, coalesce(old.credit_code, ''));
    INSERT INTO sites_fts (rowid, name, address, credit_code)
    VALUES (new.seq, new.name, new.address, coalesce(new.credit_code, ''));
END;

-- Every checklist version ever used, with its YAML source, so old inspections still render.
-- A (form_id, version) pair is immutable: the same pair with other bytes is refused.
CREATE TABLE forms (
    form_id        TEXT NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    work_item      TEXT NOT NULL,
    title_zh       TEXT NOT NULL,
    title_en       TEXT NOT NULL,
    source_yaml    TEXT NOT NULL,
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    registered_at  TEXT NOT NULL,
    PRIMARY KEY (form_id, version)
);

-- One inspection of one site with one checklist version. answers: JSON object item id -> value.
-- status: draft (editable) or completed (read-only, enforced by a trigger below).
-- An amendment is a new row (amends_id -> the completed row it corrects, amend_reason);
-- when the amendment is completed, the old row gets superseded_by -> the amendment.
CREATE TABLE inspections (
    id              TEXT PRIMARY KEY,
    origin_device   TEXT NOT NULL,
    rev             INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    base_rev        INTEGER,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    form_id         TEXT NOT NULL,
    form_version    INTEGER NOT NULL,
    site_id         TEXT NOT NULL REFERENCES sites (id),
    district_code   TEXT NOT NULL,            -- copied from the site: the list filters on it
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed')),
    answers         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(answers)),
    finding_count   INTEGER NOT NULL DEFAULT 0,  -- copy of count(findings) for the list
    inspector_name  TEXT NOT NULL DEFAULT '',
    badge_no        TEXT NOT NULL DEFAULT '',
    team            TEXT NOT NULL DEFAULT '',
    started_at      TEXT NOT NULL,
    completed_at    TEXT,
    lat             REAL,                     -- WGS-84, where the inspection was made, if known
    lon             REAL,
    chain_id        TEXT NOT NULL,            -- id of the first version (itself for originals)
    amendment_no    INTEGER NOT NULL DEFAULT 0,
    amends_id       TEXT REFERENCES inspections (id),
    amend_reason    TEXT,
    superseded_by   TEXT REFERENCES inspections (id),
    FOREIGN KEY (form_id, form_version) REFERENCES forms (form_id, version),
    CHECK ((amends_id IS NULL) = (amend_reason IS NULL)),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
-- All versions: history, sync export, a site's inspections.
CREATE INDEX ix_insp_started ON inspections (started_at, id);
CREATE INDEX ix_insp_updated ON inspections (updated_at, id);
CREATE INDEX ix_insp_site ON inspections (site_id, started_at);
CREATE INDEX ix_insp_chain ON inspections (chain_id, amendment_no);
CREATE INDEX ix_insp_amends ON inspections (amends_id) WHERE amends_id IS NOT NULL;
CREATE INDEX ix_insp_superseded ON inspections (superseded_by) WHERE superseded_by IS NOT NULL;
CREATE INDEX ix_insp_form_version ON inspections (form_id, form_version);
-- The list (list_inspections / count_inspections) shows current versions: partial indexes
-- over them, each pairing a filter or sort column with the default sort (started_at, id), so
-- a page costs the page and a count reads one index, however large the table grows.
-- superseded_by (always NULL in them) is a column too: without it SQLite would visit every
-- table row to re-check the WHERE, and the indexes would not be covering.
CREATE INDEX ix_cur_started ON inspections (started_at, id, superseded_by)
    WHERE superseded_by IS NULL;
CREATE INDEX ix_cur_updated ON inspections (updated_at, id, superseded_by)
    WHERE superseded_by IS NULL;
CREATE INDEX ix_cur_completed ON inspections (completed_at, id, superseded_by)
    WHERE superseded_by IS NULL;
CREATE INDEX ix_cur_status ON inspections (status, started_at, id, superseded_by)
    WHERE superseded_by IS NULL;
CREATE INDEX ix_cur_form ON inspections (form_id, started_at, id, superseded_by)
    WHERE superseded_by IS NULL;
CREATE INDEX ix_cur_district ON inspections (district_code, started_at, id, superseded_by)
    WHERE superseded_by IS NULL;
CREATE INDEX ix_cur_inspector ON inspections (inspector_name, started_at, id, superseded_by)
    WHERE superseded_by IS NULL;
CREATE INDEX ix_cur_findings ON inspections (finding_count, started_at, id, superseded_by)
    WHERE superseded_by IS NULL;
-- The window's filters combined (status, checklist, district: each pair and all three), so a
-- rare combination reads its own rows in order instead of skipping through one filter's rows.
CREATE INDEX ix_cur_status_form ON inspections (status, form_id, started_at, id, superseded_by)
    WHERE superseded_by IS NULL;
CREATE INDEX ix_cur_status_district
    ON inspections (status, district_code, started_at, id, superseded_by)
    WHERE superseded_by IS NULL;
CREATE INDEX ix_cur_form_district
    ON inspections (form_id, district_code, started_at, id, superseded_by)
    WHERE superseded_by IS NULL;
CREATE INDEX ix_cur_status_form_district
    ON inspections (status, form_id, district_code, started_at, id, superseded_by)
    WHERE superseded_by IS NULL;
-- A site's current inspections (the site-text filter), with the other filter columns: covering,
-- so no table row is read.
CREATE INDEX ix_cur_site ON inspections
    (site_id, started_at, id, superseded_by, status, form_id, district_code, inspector_name)
    WHERE superseded_by IS NULL;
-- Versions replaced by an amendment (the "superseded" filter): few, in list order, with the
-- other filter columns so a combination is checked in the index.
CREATE INDEX ix_old_started
    ON inspections (started_at, id, superseded_by, status, form_id, district_code)
    WHERE superseded_by IS NOT NULL;

-- Row counts of the list by its common filters, kept by triggers, so that counting 100,000
-- inspections by status / checklist / district reads a few rows instead of an index.
-- is_current: 1 unless superseded by a completed amendment.
CREATE TABLE inspection_counts (
    is_current     INTEGER NOT NULL,
    status         TEXT NOT NULL,
    form_id        TEXT NOT NULL,
    district_code  TEXT NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (is_current, status, form_id, district_code)
) WITHOUT ROWID;
CREATE TRIGGER inspection_counts_insert AFTER INSERT ON inspections BEGIN
    INSERT INTO inspection_counts VALUES
        (new.superseded_by IS NULL, new.status, new.form_id, new.district_code, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER inspection_counts_delete AFTER DELETE ON inspections BEGIN
    UPDATE inspection_counts SET n = n - 1
    WHERE is_current = (old.superseded_by IS NULL) AND status = old.status
        AND form_id = old.form_id AND district_code = old.district_code;
END;
CREATE TRIGGER inspection_counts_update
AFTER UPDATE OF superseded_by, status, form_id, district_code ON inspections BEGIN
    UPDATE inspection_counts SET n = n - 1
    WHERE is_current = (old.superseded_by IS NULL) AND status = old.status
        AND form_id = old.form_id AND district_code = old.district_code;
    INSERT INTO inspection_counts VALUES
        (new.superseded_by IS NULL, new.status, new.form_id, new.district_code, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- The same counts per Beijing calendar period, so a count with a date range sums a bounded
-- number of rows (at most ~31 days + 11 months + the years + 11 months + ~31 days of the range)
-- whatever the table holds. An inspection belongs to the Beijing date on which it was started:
-- day D runs from (D-1)T16:00:00.000Z inclusive to DT16:00:00.000Z exclusive, exactly the
-- bounds list_inspections compares started_at with (beijing_day_start), so a date-range count
-- and the list always agree, even for a started_at not in our canonical text form.
-- Every inspection is counted at three grains (year 'YYYY', month 'YYYY-MM', day 'YYYY-MM-DD')
-- and under every combination of its status, checklist and district with '*' ("any") in their
-- place (2 x 2 x 2): a filter that leaves one open reads its '*' row instead of adding up the
-- checklists or the 16 districts. 24 rows change per inspection; is_current as in
-- inspection_counts.
CREATE TABLE inspection_period_counts (
    is_current     INTEGER NOT NULL,
    status         TEXT NOT NULL,   -- draft / completed / '*'
    form_id        TEXT NOT NULL,   -- a checklist id / '*'
    district_code  TEXT NOT NULL,   -- 6 digits / '*'
    grain          TEXT NOT NULL CHECK (grain IN ('year', 'month', 'day')),
    period         TEXT NOT NULL,   -- 2024 / 2024-03 / 2024-03-05 (Beijing calendar)
    n              INTEGER NOT NULL,
    PRIMARY KEY (is_current, status, form_id, district_code, grain, period)
) WITHOUT ROWID;
-- One statement adds `delta` (+1 / -1) to the 24 rows of one inspection. (Triggers cannot use
-- WITH, hence the UNION ALL subqueries; "WHERE true" lets the parser see the ON CONFLICT.)
CREATE TRIGGER inspection_period_counts_insert AFTER INSERT ON inspections BEGIN
    INSERT INTO inspection_period_counts
        (is_current, status, form_id, district_code, grain, period, n)
    SELECT new.superseded_by IS NULL, st.v, fo.v, di.v, g.grain, substr(d.day, 1, g.len), 1
    FROM (SELECT CASE WHEN new.started_at >= substr(new.started_at, 1, 10) || 'T16:00:00.000Z'
                 THEN date(substr(new.started_at, 1, 10), '+1 day')
                 ELSE date(substr(new.started_at, 1, 10)) END AS day) d,
         (SELECT new.status AS v UNION ALL SELECT '*') st,
         (SELECT new.form_id AS v UNION ALL SELECT '*') fo,
         (SELECT new.district_code AS v UNION ALL SELECT '*') di,
         (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7
          UNION ALL SELECT 'day', 10) g
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER inspection_period_counts_delete AFTER DELETE ON inspections BEGIN
    INSERT INTO inspection_period_counts
        (is_current, status, form_id, district_code, grain, period, n)
    SELECT old.superseded_by IS NULL, st.v, fo.v, di.v, g.grain, substr(d.day, 1, g.len), -1
    FROM (SELECT CASE WHEN old.started_at >= substr(old.started_at, 1, 10) || 'T16:00:00.000Z'
                 THEN date(substr(old.started_at, 1, 10), '+1 day')
                 ELSE date(substr(old.started_at, 1, 10)) END AS day) d,
         (SELECT old.status AS v UNION ALL SELECT '*') st,
         (SELECT old.form_id AS v UNION ALL SELECT '*') fo,
         (SELECT old.district_code AS v UNION ALL SELECT '*') di,
         (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7
          UNION ALL SELECT 'day', 10) g
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER inspection_period_counts_update
AFTER UPDATE OF superseded_by, status, form_id, district_code, started_at ON inspections
WHEN (old.superseded_by IS NULL) IS NOT (new.superseded_by IS NULL)
    OR old.status IS NOT new.status OR old.form_id IS NOT new.form_id
    OR old.district_code IS NOT new.district_code OR old.started_at IS NOT new.started_at
BEGIN
    INSERT INTO inspection_period_counts
        (is_current, status, form_id, district_code, grain, period, n)
    SELECT old.superseded_by IS NULL, st.v, fo.v, di.v, g.grain, substr(d.day, 1, g.len), -1
    FROM (SELECT CASE WHEN old.started_at >= substr(old.started_at, 1, 10) || 'T16:00:00.000Z'
                 THEN date(substr(old.started_at, 1, 10), '+1 day')
                 ELSE date(substr(old.started_at, 1, 10)) END AS day) d,
         (SELECT old.status AS v UNION ALL SELECT '*') st,
         (SELECT old.form_id AS v UNION ALL SELECT '*') fo,
         (SELECT old.district_code AS v UNION ALL SELECT '*') di,
         (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7
          UNION ALL SELECT 'day', 10) g
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
    INSERT INTO inspection_period_counts
        (is_current, status, form_id, district_code, grain, period, n)
    SELECT new.superseded_by IS NULL, st.v, fo.v, di.v, g.grain, substr(d.day, 1, g.len), 1
    FROM (SELECT CASE WHEN new.started_at >= substr(new.started_at, 1, 10) || 'T16:00:00.000Z'
                 THEN date(substr(new.started_at, 1, 10), '+1 day')
                 ELSE date(substr(new.started_at, 1, 10)) END AS day) d,
         (SELECT new.status AS v UNION ALL SELECT '*') st,
         (SELECT new.form_id AS v UNION ALL SELECT '*') fo,
         (SELECT new.district_code AS v UNION ALL SELECT '*') di,
         (SELECT 'year' AS grain, 4 AS len UNION ALL SELECT 'month', 7
          UNION ALL SELECT 'day', 10) g
    WHERE true
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- A completed inspection is evidence: its answers, checklist, site and times never change.
-- (superseded_by, rev/base_rev and updated_at may: that is how an amendment is recorded.)
CREATE TRIGGER inspections_completed_read_only BEFORE UPDATE ON inspections
WHEN old.status = 'completed' AND (
    new.status IS NOT old.status OR new.answers IS NOT old.answers
    OR new.form_id IS NOT old.form_id OR new.form_version IS NOT old.form_version
    OR new.site_id IS NOT old.site_id OR new.started_at IS NOT old.started_at
    OR new.completed_at IS NOT old.completed_at OR new.inspector_name IS NOT old.inspector_name
)
BEGIN
    SELECT RAISE(ABORT, '已完成的检查不可修改，请提交更正 (a completed inspection is read-only: amend it)');
END;
CREATE TRIGGER inspections_completed_no_delete BEFORE DELETE ON inspections
WHEN old.status = 'completed'
BEGIN
    SELECT RAISE(ABORT, '已完成的检查不可删除 (a completed inspection cannot be deleted)');
END;

-- Findings derived from an inspection's answers by the checklist engine; rewritten on every
-- answer. Not synced: the receiving side derives them again from the answers.
CREATE TABLE findings (
    id              INTEGER PRIMARY KEY,
    inspection_id   TEXT NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('minor', 'major', 'critical')),
    text_zh         TEXT NOT NULL,
    text_en         TEXT NOT NULL,
    legal_basis_zh  TEXT,
    legal_basis_en  TEXT
);
CREATE INDEX ix_findings_inspection ON findings (inspection_id);
CREATE INDEX ix_findings_item ON findings (item_id, severity);

-- Append-only audit log of every change: who, when, what. Hash-chained (hash = SHA-256 over
-- prev_hash and this row's fields, see app/store/audit.py); the triggers refuse edits.
CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE
);
CREATE INDEX ix_audit_entity ON audit (entity, entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加 (the audit log is append-only)');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加 (the audit log is append-only)');
END;
