-- 008_tasks: work sent back to laptops (issue 10.5), the assignment bundles that carry it, and
-- what of the notices (issue 10.7) has gone out in which bundle. Described in docs/sync.md
-- ("Assignments", "Tasks", "Notice numbers across devices").

-- A task: a site to inspect with a checklist by a due date, given by an office (or team lead)
-- to one device. The office writes the assignment (kind, site, checklist, due date, notes) and
-- may cancel it; the laptop starts it (an inspection is made and linked) and completing that
-- inspection marks it done. Every change is a new version (task_versions) and travels both
-- ways; the row holds the winning version (docs/sync.md, "Tasks").
CREATE TABLE tasks (
    id                     TEXT PRIMARY KEY,          -- UUIDv7
    kind                   TEXT NOT NULL DEFAULT 'inspect'
                           CHECK (kind IN ('inspect', 'reinspect', 'return')),
    case_id                TEXT,                      -- the case it serves (cases, issue 11)
    inspection_id          TEXT,                      -- the inspection it is about (reinspect, return)
    site_id                TEXT NOT NULL REFERENCES sites (id),
    form_id                TEXT NOT NULL,             -- the checklist; its newest version at start
    due_on                 TEXT NOT NULL              -- Beijing calendar date, YYYY-MM-DD
                           CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    notes                  TEXT NOT NULL DEFAULT '',
    assigned_to            TEXT NOT NULL,             -- the device that does it
    assigned_by            TEXT NOT NULL,             -- the device that gave it (office or lead)
    state                  TEXT NOT NULL DEFAULT 'open'
                           CHECK (state IN ('open', 'started', 'done', 'cancelled')),
    started_inspection_id  TEXT,                      -- the inspection started from it
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    rev                    INTEGER NOT NULL DEFAULT 1 CHECK (rev >= 1),
    vid                    TEXT,                      -- the version the row holds; NULL: changed
    base_vid               TEXT,                      -- the version a local change was made from
    CHECK (state <> 'started' OR started_inspection_id IS NOT NULL)
);
CREATE INDEX ix_tasks_board ON tasks (assigned_to, state, due_on);
CREATE INDEX ix_tasks_open ON tasks (state, due_on);
CREATE INDEX ix_tasks_started ON tasks (started_inspection_id)
    WHERE started_inspection_id IS NOT NULL;
CREATE INDEX ix_tasks_unsent ON tasks (id) WHERE vid IS NULL;

-- A local change of a versioned task makes it changed (as 004 does for sites and inspections);
-- a merge writes vid itself, so this leaves it alone.
CREATE TRIGGER tasks_sync_dirty AFTER UPDATE ON tasks
WHEN new.vid IS old.vid AND old.vid IS NOT NULL
BEGIN
    UPDATE tasks SET base_vid = old.vid, vid = NULL WHERE id = new.id;
END;

-- Completing the inspection started from a task completes the task, whoever completes it (the
-- window, the command line). Only a local completion: a merge brings the task's own version
-- (it sets the inspection's vid, which a local change never does).
CREATE TRIGGER tasks_done_when_inspection_completed AFTER UPDATE OF status ON inspections
WHEN new.status = 'completed' AND old.status = 'draft' AND new.vid IS old.vid
BEGIN
    UPDATE tasks SET state = 'done', rev = rev + 1,
                     updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE started_inspection_id = new.id AND state = 'started';
END;

-- Every version of every task this database made or received (content: the canonical JSON of
-- the task's columns, app/sync/task_records.py). A pure function of the versions themselves.
CREATE TABLE task_versions (
    vid             TEXT PRIMARY KEY,
    task_id         TEXT NOT NULL,
    rev             INTEGER NOT NULL CHECK (rev >= 1),
    base_vid        TEXT,
    device_id       TEXT NOT NULL,                    -- the device that made this version
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64)
);
CREATE INDEX ix_task_versions_task ON task_versions (task_id);
CREATE INDEX ix_task_versions_base ON task_versions (base_vid) WHERE base_vid IS NOT NULL;

-- Local task versions made outside an export (a merge meeting a task changed here): the next
-- bundle to the other side sends them.
CREATE TABLE task_unsent (
    vid  TEXT PRIMARY KEY
);

-- Assignment bundles written (office → one device). Numbered per receiving device, 1, 2, 3 …,
-- so each laptop sees its own numbers without gaps; kept apart from sync_log, whose numbers
-- count this device's field and roll-up bundles.
CREATE TABLE assignment_log (
    receiver        TEXT NOT NULL,
    seq             INTEGER NOT NULL CHECK (seq >= 1),
    bundle_id       TEXT NOT NULL UNIQUE,
    schema_version  INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    district_code   TEXT,                             -- the site registry's district
    counts          TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (receiver, seq)
);
-- What each assignment bundle holds, so it can be written again the same. item: 'task' (key =
-- task vid), 'version' (a site version's vid), 'form' (form_id/version), 'notice_block'
-- (office_code/year/first).
CREATE TABLE assignment_items (
    receiver  TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    item      TEXT NOT NULL CHECK (item IN ('task', 'version', 'form', 'notice_block')),
    key       TEXT NOT NULL,
    PRIMARY KEY (receiver, seq, item, key)
);
CREATE INDEX ix_assignment_items_key ON assignment_items (receiver, item, key);

-- What a field bundle (sync_log, direction 'out') carried beyond 004's items: task versions
-- (key = vid), notice number blocks (office_code/year/first) and notices (key = notice id,
-- rev = the notice's rev sent, content = its record as sent: a notice is voided in place, so
-- `export --again` needs the record as it was).
CREATE TABLE field_out_items (
    seq      INTEGER NOT NULL,
    item     TEXT NOT NULL CHECK (item IN ('task', 'notice_block', 'notice')),
    key      TEXT NOT NULL,
    rev      INTEGER NOT NULL DEFAULT 0,
    content  TEXT,
    PRIMARY KEY (seq, item, key)
);
CREATE INDEX ix_field_out_items_key ON field_out_items (item, key, rev);
