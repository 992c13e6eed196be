-- 005_second_officer: the second law-enforcement officer of an inspection (issue 9).
-- 行政处罚法 第四十二条: inspections are carried out by at least two officers with enforcement
-- papers; the record prints both names and badge numbers. '' where not entered (older records,
-- and drafts until the inspector fills it in).
ALTER TABLE inspections ADD COLUMN second_inspector_name TEXT NOT NULL DEFAULT '';
ALTER TABLE inspections ADD COLUMN second_badge_no TEXT NOT NULL DEFAULT '';

-- Like the other people on a completed record, the second officer never changes: amend it.
CREATE TRIGGER inspections_completed_second_officer
BEFORE UPDATE OF second_inspector_name, second_badge_no ON inspections
WHEN old.status = 'completed' AND (new.second_inspector_name IS NOT old.second_inspector_name
                                   OR new.second_badge_no IS NOT old.second_badge_no)
BEGIN
    SELECT RAISE(ABORT, '已完成的检查不可修改，请提交更正 (a completed inspection is read-only: amend it)');
END;
