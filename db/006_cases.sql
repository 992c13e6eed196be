-- 006_cases: cases and their events (issue 11), duplicate sites merged into one another.
-- Described in docs/cases.md; the state machine is app/core/cases.py.
--
-- A case is one finding kind (checklist + item) at one site, from 发现 to 销号. Its synced
-- columns are fixed when it is made (its id is derived from site, kind and generation, so two
-- devices make the same case); its state is derived from its events, a union across devices,
-- and cached in the columns marked "derived" (never synced, recomputed after every change).

CREATE TABLE cases (
    id                    TEXT PRIMARY KEY,   -- app.core.cases.case_id_for(site, form, item, gen)
    origin_device         TEXT NOT NULL,
    rev                   INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    base_rev              INTEGER,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    site_id               TEXT NOT NULL REFERENCES sites (id),
    form_id               TEXT NOT NULL,      -- the checklist (any version)
    item_id               TEXT NOT NULL,      -- the finding's item: with form_id, the kind
    work_item             TEXT NOT NULL,      -- the campaign work item of the checklist
    generation            INTEGER NOT NULL CHECK (generation >= 0),  -- 0, then 1 per rebound
    rebound_of            TEXT REFERENCES cases (id),  -- the closed case it came back after
    opened_inspection_id  TEXT NOT NULL,      -- the inspection that found it
    inspector_name        TEXT NOT NULL DEFAULT '',  -- of that inspection
    team                  TEXT NOT NULL DEFAULT '',
    vid                   TEXT,
    base_vid              TEXT,
    -- derived from the events (app.core.cases.fold_events), never synced:
    state                 TEXT NOT NULL DEFAULT 'found',
    opened_at             TEXT,               -- UTC, the open event's time
    state_at              TEXT,
    deadline              TEXT,               -- YYYY-MM-DD Beijing, of the latest order
    notice_no             TEXT,
    last_result           TEXT,               -- latest re-inspection: pass / fail
    failed_reinspections  INTEGER NOT NULL DEFAULT 0,   -- 复查未通过
    closed_at             TEXT,               -- UTC, when closed (销号)
    referred_to           TEXT,
    reason                TEXT
);
CREATE INDEX ix_cases_kind ON cases (site_id, form_id, item_id, generation);
CREATE INDEX ix_cases_state ON cases (state, deadline);
CREATE INDEX ix_cases_unsent ON cases (id) WHERE vid IS NULL;

-- Every step of a case: what, when (UTC), who, and its evidence. Never changed once made.
CREATE TABLE case_events (
    id             TEXT PRIMARY KEY,  -- automatic steps: app.core.cases.auto_event_id
    origin_device  TEXT NOT NULL,
    rev            INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    base_rev       INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    case_id        TEXT NOT NULL REFERENCES cases (id),
    action         TEXT NOT NULL,     -- open / file / order / start / reinspect / close / refer / cancel / reopen
    at             TEXT NOT NULL,     -- UTC
    actor          TEXT NOT NULL DEFAULT '',
    inspection_id  TEXT,              -- evidence: the inspection
    photos         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(photos)),  -- its photo hashes
    notice_id      TEXT,              -- evidence: the notice (order)
    notice_no      TEXT,              -- its 文号
    deadline       TEXT,              -- YYYY-MM-DD (order)
    result         TEXT,              -- pass / fail (reinspect)
    referred_to    TEXT,              -- refer
    reason         TEXT,              -- cancel / reopen
    vid            TEXT,
    base_vid       TEXT
);
CREATE INDEX ix_case_events_case ON case_events (case_id, at);
CREATE INDEX ix_case_events_unsent ON case_events (id) WHERE vid IS NULL;
-- (A merge may put another device's version of an automatic step in its place: the same
-- step, the same content, another version id.)
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
WHEN new.case_id IS NOT old.case_id OR new.action IS NOT old.action OR new.at IS NOT old.at
    OR new.inspection_id IS NOT old.inspection_id OR new.notice_no IS NOT old.notice_no
    OR new.deadline IS NOT old.deadline OR new.result IS NOT old.result
    OR new.referred_to IS NOT old.referred_to OR new.reason IS NOT old.reason
BEGIN
    SELECT RAISE(ABORT, '案件记录不可修改 (case events are never changed)');
END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events BEGIN
    SELECT RAISE(ABORT, '案件记录不可删除 (case events are never deleted)');
END;

-- Completed inspections whose findings have not yet been turned into case steps
-- (app.store.cases.update_cases drains it). Filled by these triggers and, once, by the backfill
-- below: every inspection completed before cases existed.
CREATE TABLE case_queue (
    inspection_id  TEXT PRIMARY KEY
);
CREATE TRIGGER case_queue_insert AFTER INSERT ON inspections WHEN new.status = 'completed'
BEGIN
    INSERT INTO case_queue (inspection_id) VALUES (new.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER case_queue_complete AFTER UPDATE OF status, superseded_by ON inspections
WHEN new.status = 'completed'
BEGIN
    INSERT INTO case_queue (inspection_id) VALUES (new.id) ON CONFLICT DO NOTHING;
END;
INSERT INTO case_queue (inspection_id) SELECT id FROM inspections WHERE status = 'completed';

-- Duplicate sites: the dropped site points at the one kept (a synced column: the merge
-- travels in bundles as a site version). Chains are flattened when made.
ALTER TABLE sites ADD COLUMN merged_into TEXT REFERENCES sites (id);
CREATE INDEX ix_sites_merged ON sites (merged_into) WHERE merged_into IS NOT NULL;

-- sync_versions without 004's CHECK on the entity: the record kinds are app/sync/records.py's
-- ENTITIES (checked by the inbox before anything is written), so a new kind (case, case_event,
-- later task) needs no table rebuild.
CREATE TABLE sync_versions_new (
    vid             TEXT PRIMARY KEY,
    entity          TEXT NOT NULL,
    record_id       TEXT NOT NULL,
    rev             INTEGER NOT NULL CHECK (rev >= 1),
    base_vid        TEXT,
    device_id       TEXT NOT NULL,
    deleted         INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64)
);
INSERT INTO sync_versions_new SELECT vid, entity, record_id, rev, base_vid, device_id, deleted,
    content, content_sha256 FROM sync_versions;
DROP TABLE sync_versions;
ALTER TABLE sync_versions_new RENAME TO sync_versions;
CREATE INDEX ix_sync_versions_record ON sync_versions (entity, record_id);
CREATE INDEX ix_sync_versions_base ON sync_versions (base_vid) WHERE base_vid IS NOT NULL;
