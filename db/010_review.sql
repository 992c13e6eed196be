-- 010_review: the team lead's review of completed inspections (issue 12.8). Described in
-- docs/data-model.md ("Review").

-- One decision of a team lead (or office) on one completed inspection version: approved, or
-- returned with comments (a 'return' task then takes it back to its inspector, who amends
-- it). A completed inspection with no review is pending. A later decision on the same version
-- is a new row (the newest counts); a row is never changed or deleted. Synced record
-- (app/sync/records.py, entity 'review'). No foreign key on inspection_id: a review may be
-- merged before the inspection it is about (bundles merge in any order).
CREATE TABLE reviews (
    id             TEXT PRIMARY KEY,           -- UUIDv7
    origin_device  TEXT NOT NULL,
    rev            INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    base_rev       INTEGER,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    inspection_id  TEXT NOT NULL,              -- the completed version reviewed
    decision       TEXT NOT NULL CHECK (decision IN ('approved', 'returned')),
    comments       TEXT NOT NULL DEFAULT '',
    reviewer_name  TEXT NOT NULL DEFAULT '',
    reviewer_role  TEXT NOT NULL DEFAULT '',   -- 'lead' or 'office'
    reviewed_at    TEXT NOT NULL,              -- UTC
    task_id        TEXT,                       -- the 'return' task made with a return
    vid            TEXT,
    base_vid       TEXT,
    CHECK (decision <> 'returned' OR comments <> '')
);
CREATE INDEX ix_reviews_inspection ON reviews (inspection_id, reviewed_at);
CREATE INDEX ix_reviews_unsent ON reviews (id) WHERE vid IS NULL;

-- Numbering a row's version (vid, base_vid) changes nothing decided.
CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
WHEN new.inspection_id IS NOT old.inspection_id OR new.decision IS NOT old.decision
    OR new.comments IS NOT old.comments OR new.reviewer_name IS NOT old.reviewer_name
    OR new.reviewed_at IS NOT old.reviewed_at OR new.task_id IS NOT old.task_id
BEGIN
    SELECT RAISE(ABORT, '审核记录不可修改 (a review is never changed)');
END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews BEGIN
    SELECT RAISE(ABORT, '审核记录不可删除 (a review is never deleted)');
END;

-- A 'return' task is closed by the reviewer approving its amendment (app/store/review.py), not
-- by the amendment's completion: 008's trigger, narrowed to the other kinds.
DROP TRIGGER tasks_done_when_inspection_completed;
CREATE TRIGGER tasks_done_when_inspection_completed AFTER UPDATE OF status ON inspections
WHEN new.status = 'completed' AND old.status = 'draft' AND new.vid IS old.vid
BEGIN
    UPDATE tasks SET state = 'done', rev = rev + 1,
                     updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE started_inspection_id = new.id AND state = 'started' AND kind <> 'return';
END;
