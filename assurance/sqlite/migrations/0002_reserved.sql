-- Reserved for the reporting-periods branch's 0002 migration: this branch's
-- 0003_year does not depend on it. Delete this file when that branch's 0002
-- is merged (the loader refuses two files numbered 0002).
SELECT 1;
