-- The DuckDB baseline: every cell's rule scores, measure scores, total and rating, in SQL, as
-- docs/scoring.md defines them, under the `default` policy schedule (hd12-2018 before
-- 2025-10-28, hd42-2025 from then on). score.mjs fills in {{dataset}}, {{from}} and {{to}}.
--
-- Written as an analyst would write it against the CSV export: typed reads, set-based joins and
-- aggregates, rule scores in long form (cell, rule, score) so that weights and measures are a
-- join with a small rules table. N/A is NULL throughout.

-- ramp(x; zero_at, full_at) = clamp((x − zero_at) / (full_at − zero_at), 0, 1)
CREATE MACRO ramp(x, zero_at, full_at) AS
  greatest(0.0, least(1.0, (x::DOUBLE - zero_at) / (full_at - zero_at)));
-- Ratings of meetings and cells, from a total and whether every gate rule scored 1. Totals are
-- compared with a tolerance of 1e-9 so that a mathematically exact 90 is not rated Khá because
-- of the order of floating-point sums (chibo does the same).
CREATE MACRO rating_of(total, gates_met) AS CASE
  WHEN total IS NULL THEN NULL
  WHEN total >= 90 - 1e-9 AND gates_met THEN 'tot'
  WHEN total >= 70 - 1e-9 THEN 'kha'
  WHEN total >= 50 - 1e-9 THEN 'trung_binh'
  ELSE 'kem' END;
CREATE MACRO band(r) AS CASE r WHEN 'kem' THEN 0 WHEN 'trung_binh' THEN 1 WHEN 'kha' THEN 2 WHEN 'tot' THEN 3 END;

CREATE TABLE period AS SELECT DATE '{{from}}' AS p_from, DATE '{{to}}' AS p_to,
  CASE WHEN DATE '{{to}}' >= DATE '2025-10-28' THEN 'hd42-2025' ELSE 'hd12-2018' END AS cell_profile;

-- Rules: measure, level, weight per profile, whether the rule is a gate of its level (a
-- meeting's gates block a meeting's Tốt, a cell's gate a cell's). The two built-in profiles differ only in
-- M2.7's weight (and M3.1's combined-meeting target, applied where M3.1 is scored).
CREATE TABLE rules (rule VARCHAR, measure VARCHAR, level VARCHAR, w_hd12 DOUBLE, w_hd42 DOUBLE, gate BOOLEAN);
INSERT INTO rules VALUES
  ('M1.1','M1','cell',1,1,true), ('M1.2','M1','meeting',1,1,true), ('M1.3','M1','meeting',1,1,false),
  ('M1.4','M1','cell',1,1,false), ('M1.5','M1','meeting',1,1,false), ('M1.6','M1','cell',1,1,false),
  ('M2.1','M2','meeting',1,1,false), ('M2.2','M2','meeting',1,1,false), ('M2.3','M2','meeting',1,1,false),
  ('M2.4','M2','meeting',1,1,false), ('M2.5','M2','meeting',1,1,false), ('M2.6','M2','meeting',1,1,false),
  ('M2.7','M2','meeting',0,1,false),
  ('M3.1','M3','meeting',1,1,true), ('M3.2','M3','meeting',1,1,true), ('M3.3','M3','cell',1,1,false),
  ('M3.4','M3','meeting',1,1,true), ('M3.5','M3','meeting',1,1,false), ('M3.6','M3','meeting',1,1,false),
  ('M3.7','M3','meeting',1,1,false), ('M3.8','M3','cell',1,1,false), ('M3.9','M3','cell',1,1,false),
  ('M4.1','M4','cell',1,1,false), ('M4.2','M4','meeting',1,1,false), ('M4.3','M4','cell',1,1,false),
  ('M4.4','M4','meeting',1,1,false),
  ('M5.1','M5','cell',1,1,false), ('M5.2','M5','cell',1,1,false), ('M5.3','M5','cell',1,1,false),
  ('M5.4','M5','cell',1,1,false),
  ('M6.1','M6','cell',1,1,false), ('M6.2','M6','cell',0.5,0.5,false),
  ('M7.1','M7','cell',1,1,false), ('M7.2','M7','cell',1,1,false);

-- The dataset, with the columns the rules read, typed.
CREATE TABLE org_units AS SELECT id, parent_id, kind, established_on, dissolved_on
  FROM read_csv('{{dataset}}/org_units.csv', header = true,
                types = {'id': 'VARCHAR', 'parent_id': 'VARCHAR', 'established_on': 'DATE', 'dissolved_on': 'DATE'});
CREATE TABLE members AS SELECT id, cell_id, role, role_since, status, joined_on, left_on, exempt_from, exempt_to
  FROM read_csv('{{dataset}}/members.csv', header = true,
                types = {'id': 'VARCHAR', 'cell_id': 'VARCHAR', 'role_since': 'DATE', 'joined_on': 'DATE',
                         'left_on': 'DATE', 'exempt_from': 'DATE', 'exempt_to': 'DATE'});
CREATE TABLE meetings AS
  SELECT m.*, CASE WHEN date >= DATE '2025-10-28' THEN 'hd42-2025' ELSE 'hd12-2018' END AS profile
  FROM read_csv('{{dataset}}/meetings.csv', header = true,
                types = {'id': 'VARCHAR', 'cell_id': 'VARCHAR', 'date': 'DATE', 'start_time': 'TIME',
                         'end_time': 'TIME', 'notice_date': 'DATE', 'prep_date': 'DATE',
                         'consulted_unit_head': 'VARCHAR', 'content_sources': 'VARCHAR',
                         'draft_resolution': 'VARCHAR', 'notified_upper': 'VARCHAR', 'chair_id': 'VARCHAR',
                         'recorder_id': 'VARCHAR', 'topic': 'VARCHAR', 'topic_source': 'VARCHAR',
                         'minutes_attendance': 'VARCHAR', 'minutes_speakers': 'VARCHAR',
                         'minutes_conclusion': 'VARCHAR', 'minutes_signed': 'VARCHAR',
                         'minutes_read_back': 'VARCHAR', 'self_rating': 'VARCHAR'}) m;
CREATE TABLE attendance AS SELECT meeting_id, member_id, status
  FROM read_csv('{{dataset}}/attendance.csv', header = true,
                types = {'meeting_id': 'VARCHAR', 'member_id': 'VARCHAR', 'status': 'VARCHAR'});
CREATE TABLE contributions AS SELECT meeting_id, member_id, kind
  FROM read_csv('{{dataset}}/contributions.csv', header = true,
                types = {'meeting_id': 'VARCHAR', 'member_id': 'VARCHAR', 'kind': 'VARCHAR'});
CREATE TABLE agenda_items AS SELECT meeting_id, category, minutes
  FROM read_csv('{{dataset}}/agenda_items.csv', header = true,
                types = {'meeting_id': 'VARCHAR', 'minutes': 'INTEGER'});
CREATE TABLE resolutions AS SELECT meeting_id, owner_id, due_date
  FROM read_csv('{{dataset}}/resolutions.csv', header = true,
                types = {'meeting_id': 'VARCHAR', 'owner_id': 'VARCHAR', 'due_date': 'DATE'});
CREATE TABLE tasks AS SELECT meeting_id, assignee_id, due_date, completed_on, followed_up_on
  FROM read_csv('{{dataset}}/tasks.csv', header = true,
                types = {'meeting_id': 'VARCHAR', 'assignee_id': 'VARCHAR', 'due_date': 'DATE',
                         'completed_on': 'DATE', 'followed_up_on': 'DATE'});
CREATE TABLE visits AS SELECT cell_id, date, kind, report_date
  FROM read_csv('{{dataset}}/visits.csv', header = true,
                types = {'cell_id': 'VARCHAR', 'date': 'DATE', 'report_date': 'DATE'});
CREATE TABLE escalations AS SELECT cell_id, raised_on, responded_on
  FROM read_csv('{{dataset}}/escalations.csv', header = true,
                types = {'cell_id': 'VARCHAR', 'raised_on': 'DATE', 'responded_on': 'DATE'});
CREATE TABLE briefings AS SELECT id, org_unit_id, date
  FROM read_csv('{{dataset}}/briefings.csv', header = true,
                types = {'id': 'VARCHAR', 'org_unit_id': 'VARCHAR', 'date': 'DATE'});
CREATE TABLE briefing_attendance AS SELECT briefing_id, member_id
  FROM read_csv('{{dataset}}/briefing_attendance.csv', header = true,
                types = {'briefing_id': 'VARCHAR', 'member_id': 'VARCHAR'});
CREATE TABLE trainings AS SELECT member_id, date, kind
  FROM read_csv('{{dataset}}/trainings.csv', header = true,
                types = {'member_id': 'VARCHAR', 'date': 'DATE', 'kind': 'VARCHAR'});
CREATE TABLE cadres AS SELECT id, org_unit_id
  FROM read_csv('{{dataset}}/cadres.csv', header = true, types = {'id': 'VARCHAR', 'org_unit_id': 'VARCHAR'});
CREATE TABLE assignments AS SELECT cadre_id, cell_id, "from", "to"
  FROM read_csv('{{dataset}}/assignments.csv', header = true,
                types = {'cadre_id': 'VARCHAR', 'cell_id': 'VARCHAR', 'from': 'DATE', 'to': 'DATE'});
CREATE TABLE ratings AS SELECT cell_id, year, rating
  FROM read_csv('{{dataset}}/ratings.csv', header = true, types = {'cell_id': 'VARCHAR', 'year': 'INTEGER'});

CREATE TABLE cells AS SELECT id AS cell_id, established_on, dissolved_on FROM org_units WHERE kind = 'cell';

-- A unit's parent over time (org_history.csv, optional): where a row covers a day its parent
-- holds, else org_units' parent_id (before a unit's first row and after its last).
CREATE TABLE org_history AS {{org_history}};
CREATE TABLE links AS
  SELECT u.id AS unit_id, u.parent_id, DATE '0001-01-01' AS f, DATE '9999-12-31' AS t
  FROM org_units u WHERE u.parent_id IS NOT NULL AND u.id NOT IN (SELECT unit_id FROM org_history)
  UNION ALL
  SELECT unit_id, parent_id, "from", coalesce("to", DATE '9999-12-31') FROM org_history
  UNION ALL
  SELECT u.id, u.parent_id, DATE '0001-01-01', h.first_from - 1
  FROM org_units u JOIN (SELECT unit_id, min("from") AS first_from FROM org_history GROUP BY ALL) h ON h.unit_id = u.id
  WHERE u.parent_id IS NOT NULL
  UNION ALL
  SELECT u.id, u.parent_id, h.last_to + 1, DATE '9999-12-31'
  FROM org_units u JOIN (SELECT unit_id, max(coalesce("to", DATE '9999-12-31')) AS last_to FROM org_history GROUP BY ALL) h
    ON h.unit_id = u.id
  WHERE u.parent_id IS NOT NULL AND h.last_to < DATE '9999-12-31';

-- Upper-level committees of each cell, with the days on which each is above it.
CREATE TABLE upper AS
  WITH RECURSIVE up(cell_id, unit_id, f, t) AS (
    SELECT l.unit_id, l.parent_id, l.f, l.t FROM links l JOIN org_units c ON c.id = l.unit_id WHERE c.kind = 'cell'
    UNION ALL
    SELECT up.cell_id, l.parent_id, greatest(up.f, l.f), least(up.t, l.t)
    FROM up JOIN links l ON l.unit_id = up.unit_id AND l.f <= up.t AND up.f <= l.t)
  SELECT up.cell_id, up.unit_id, up.f, up.t FROM up JOIN org_units u ON u.id = up.unit_id WHERE u.kind <> 'cell';

-- Counted months and quarters: spans of 1 or 3 calendar months lying wholly inside P and the
-- cell's active range [established, dissolved).
CREATE MACRO counted_spans(months, part) AS TABLE
  SELECT c.cell_id, s.span_start, s.span_end
  FROM cells c, period p,
       (SELECT d::DATE AS span_start, (d + to_months(months) - INTERVAL 1 DAY)::DATE AS span_end
        FROM period, range(date_trunc(part, p_from), p_to + 1, to_months(months)) t(d)) s
  WHERE s.span_start >= p.p_from AND s.span_end <= p.p_to
    AND (c.established_on IS NULL OR c.established_on <= s.span_start)
    AND (c.dissolved_on IS NULL OR s.span_end < c.dissolved_on);
CREATE TABLE counted_months AS
  SELECT cell_id, span_start AS month_start, span_end AS month_end FROM counted_spans(1, 'month');
CREATE TABLE counted_quarters AS
  SELECT cell_id, span_start AS quarter_start, span_end AS quarter_end FROM counted_spans(3, 'quarter');

-- Meetings of the period.
CREATE TABLE pm AS SELECT mt.* FROM meetings mt, period WHERE mt.date BETWEEN p_from AND p_to;

-- Each member of the meeting's cell on its date, eligible (member and not exempt), with their
-- attendance status (NULL: no attendance row).
CREATE TABLE expected AS
  SELECT pm.id AS meeting_id, pm.cell_id, pm.date, x.id AS member_id, a.status
  FROM pm
  JOIN members x ON x.cell_id = pm.cell_id
  LEFT JOIN attendance a ON a.meeting_id = pm.id AND a.member_id = x.id
  WHERE x.joined_on <= pm.date AND (x.left_on IS NULL OR x.left_on > pm.date)
    AND NOT (x.exempt_from IS NOT NULL AND x.exempt_from <= pm.date
             AND (x.exempt_to IS NULL OR pm.date <= x.exempt_to));

CREATE TABLE meeting_facts AS
  WITH task_holders AS (  -- members given a task with a due date at a meeting
    SELECT DISTINCT meeting_id, assignee_id AS member_id FROM tasks WHERE due_date IS NOT NULL),
  elig AS (
    SELECT e.meeting_id,
           count(*) AS eligible,
           count(*) FILTER (WHERE e.status IN ('present', 'late')) AS present_eligible,
           count(*) FILTER (WHERE e.status IS NULL OR e.status = 'absent') AS unexcused,
           count(*) FILTER (WHERE e.status IN ('present', 'late') AND th.member_id IS NOT NULL)
             AS present_eligible_with_task
    FROM expected e LEFT JOIN task_holders th USING (meeting_id, member_id)
    GROUP BY e.meeting_id),
  spoke AS (SELECT DISTINCT meeting_id, member_id FROM contributions),
  att AS (  -- every attendee, eligible or not
    SELECT a.meeting_id,
           count(*) FILTER (WHERE a.status IN ('present', 'late')) AS present,
           count(*) FILTER (WHERE a.status IN ('present', 'late') AND s.member_id IS NOT NULL) AS speakers
    FROM attendance a LEFT JOIN spoke s USING (meeting_id, member_id)
    GROUP BY a.meeting_id),
  crit AS (
    SELECT DISTINCT meeting_id FROM contributions WHERE kind IN ('criticism', 'self_criticism')),
  agenda AS (
    SELECT meeting_id, sum(minutes) AS minutes,
           coalesce(sum(minutes) FILTER (WHERE category IN ('dissemination', 'work_report')), 0) AS heavy
    FROM agenda_items GROUP BY meeting_id),
  res AS (
    SELECT meeting_id, count(*) AS resolutions,
           count(*) FILTER (WHERE owner_id IS NOT NULL AND due_date IS NOT NULL) AS specific
    FROM resolutions GROUP BY meeting_id),
  tsk AS (SELECT meeting_id, count(*) AS tasks FROM tasks GROUP BY meeting_id)
  SELECT pm.id AS meeting_id, pm.cell_id, pm.kind, pm.date, pm.profile, pm.self_rating,
         coalesce(elig.eligible, 0) AS eligible, coalesce(elig.present_eligible, 0) AS present_eligible,
         coalesce(elig.unexcused, 0) AS unexcused,
         coalesce(elig.present_eligible_with_task, 0) AS present_eligible_with_task,
         coalesce(att.present, 0) AS present, coalesce(att.speakers, 0) AS speakers,
         crit.meeting_id IS NOT NULL AS has_criticism,
         CASE WHEN pm.notice_date IS NULL THEN 0 ELSE greatest(0, pm.date - pm.notice_date) END AS notice_days,
         pm.prep_date IS NOT NULL AND CASE WHEN pm.notice_date IS NULL THEN pm.prep_date <= pm.date - 1
                                           ELSE pm.prep_date <= pm.notice_date END AS committee_agreed,
         pm.consulted_unit_head,
         coalesce(len(list_distinct(string_split(pm.content_sources, ';'))), 0) AS content_sources,
         coalesce(pm.draft_resolution = 'yes', false) AS draft_resolution,
         coalesce(pm.notified_upper = 'yes', false) AS notified_upper,
         coalesce(agenda.minutes, 0) AS agenda_minutes, coalesce(agenda.heavy, 0) AS agenda_heavy,
         coalesce(date_diff('minute', pm.start_time, pm.end_time), 0) AS duration,
         CASE WHEN pm.kind = 'combined' AND pm.profile = 'hd42-2025' THEN 120 ELSE 90 END AS target_minutes,
         coalesce((pm.minutes_attendance = 'yes')::INT, 0) + coalesce((pm.minutes_speakers = 'yes')::INT, 0)
           + coalesce((pm.minutes_conclusion = 'yes')::INT, 0) + coalesce((pm.minutes_signed = 'yes')::INT, 0)
           + coalesce((pm.minutes_read_back = 'yes')::INT, 0) AS minutes_fields,
         coalesce(pm.chair_id <> pm.recorder_id AND chair.status IN ('present', 'late')
                  AND recorder.status IN ('present', 'late'), false) AS roles_assigned,
         coalesce(res.resolutions, 0) AS resolutions, coalesce(res.specific, 0) AS resolutions_specific,
         coalesce(tsk.tasks, 0) AS tasks,
         coalesce(pm.topic_source IN ('leadership_need', 'unresolved_issue', 'professional'), false) AS topic_grounded
  FROM pm
  LEFT JOIN elig ON elig.meeting_id = pm.id
  LEFT JOIN att ON att.meeting_id = pm.id
  LEFT JOIN crit ON crit.meeting_id = pm.id
  LEFT JOIN agenda ON agenda.meeting_id = pm.id
  LEFT JOIN res ON res.meeting_id = pm.id
  LEFT JOIN tsk ON tsk.meeting_id = pm.id
  LEFT JOIN attendance chair ON chair.meeting_id = pm.id AND chair.member_id = pm.chair_id
  LEFT JOIN attendance recorder ON recorder.meeting_id = pm.id AND recorder.member_id = pm.recorder_id;

-- Meeting rule scores, long form; N/A rows are left out.
CREATE TABLE meeting_scores AS
  WITH s AS (
    SELECT meeting_id, cell_id, profile, kind,
      CASE WHEN eligible > 0 THEN ramp(present_eligible / eligible, 0.5, 0.85) END AS "M1.2",
      CASE WHEN eligible > 0 THEN ramp(unexcused / eligible, 0.1, 0) END AS "M1.3",
      ramp((self_rating IS NOT NULL)::INT, 0, 1) AS "M1.5",
      ramp(notice_days, 0, 1) AS "M2.1",
      ramp(committee_agreed::INT, 0, 1) AS "M2.2",
      CASE consulted_unit_head WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 END AS "M2.3",
      ramp(content_sources, 0, 2) AS "M2.4",
      ramp(draft_resolution::INT, 0, 1) AS "M2.5",
      CASE WHEN agenda_minutes > 0 THEN ramp(agenda_heavy / agenda_minutes, 0.8, 0.4) END AS "M2.6",
      CASE WHEN profile = 'hd42-2025' THEN ramp(notified_upper::INT, 0, 1) END AS "M2.7",
      ramp(duration / target_minutes, 0.5, 1) AS "M3.1",
      CASE WHEN present > 0 THEN ramp(speakers / present, 0.1, 0.5) END AS "M3.2",
      ramp(minutes_fields / 5.0, 0, 1) AS "M3.4",
      ramp(roles_assigned::INT, 0, 1) AS "M3.5",
      CASE WHEN resolutions > 0 THEN ramp(resolutions_specific / resolutions, 0, 1) END AS "M3.6",
      CASE WHEN kind <> 'thematic' AND present_eligible > 0
           THEN ramp(present_eligible_with_task / present_eligible, 0, 0.5) END AS "M3.7",
      CASE WHEN kind <> 'regular'
           THEN ramp(topic_grounded::INT, 0, 1) END AS "M4.2",
      CASE WHEN kind <> 'regular' THEN ramp((resolutions + tasks > 0)::INT, 0, 1) END AS "M4.4"
    FROM meeting_facts)
  SELECT meeting_id, cell_id, profile, rule, score
  FROM (UNPIVOT s ON COLUMNS('^M[0-9]') INTO NAME rule VALUE score);

-- Meeting totals and ratings (needed for M1.6): measure means of the meeting's rules, then
-- their mean; gates M1.2, M3.1, M3.2, M3.4 must be 1 where they apply.
CREATE TABLE meeting_totals AS
  WITH by_measure AS (
    SELECT s.meeting_id, r.measure,
           sum(CASE s.profile WHEN 'hd42-2025' THEN r.w_hd42 ELSE r.w_hd12 END * s.score)
             / sum(CASE s.profile WHEN 'hd42-2025' THEN r.w_hd42 ELSE r.w_hd12 END) AS score,
           bool_and(NOT r.gate OR s.score >= 1) AS gates_met
    FROM meeting_scores s JOIN rules r USING (rule)
    WHERE CASE s.profile WHEN 'hd42-2025' THEN r.w_hd42 ELSE r.w_hd12 END > 0
    GROUP BY s.meeting_id, r.measure),
  totals AS (
    SELECT meeting_id, 100 * avg(score) AS total, bool_and(gates_met) AS gates_met
    FROM by_measure GROUP BY meeting_id)
  SELECT f.meeting_id, f.cell_id, f.self_rating, t.total, rating_of(t.total, t.gates_met) AS rating
  FROM meeting_facts f LEFT JOIN totals t USING (meeting_id);

-- M1.4: per member, year and counted month, whether the member skipped the month: eligible
-- and absent without a reason at some meeting of the month, present or excused at none.
CREATE TABLE skipped_months AS
  WITH marks AS (
    SELECT e.cell_id, e.member_id, cm.month_start,
           bool_or(e.status IS NULL OR e.status = 'absent') AS unexcused
    FROM expected e JOIN counted_months cm
      ON cm.cell_id = e.cell_id AND e.date BETWEEN cm.month_start AND cm.month_end
    GROUP BY ALL),
  attended AS (
    SELECT DISTINCT pm.cell_id, a.member_id, date_trunc('month', pm.date)::DATE AS month_start
    FROM attendance a JOIN pm ON pm.id = a.meeting_id WHERE a.status <> 'absent')
  SELECT m.cell_id, m.member_id, year(m.month_start) AS year, count(*) AS skipped
  FROM marks m ANTI JOIN attended d USING (cell_id, member_id, month_start)
  WHERE m.unexcused
  GROUP BY ALL;

-- Per cell: counted months and quarters and how many of them had what the rules look for.
CREATE TABLE cell_calendar AS
  WITH regular_months AS (
    SELECT DISTINCT cell_id, date_trunc('month', date)::DATE AS month_start FROM pm WHERE kind <> 'thematic'),
  thematic_quarters AS (
    SELECT DISTINCT cell_id, date_trunc('quarter', date)::DATE AS quarter_start FROM pm WHERE kind <> 'regular'),
  visit_quarters AS (
    SELECT DISTINCT cell_id, date_trunc('quarter', date)::DATE AS quarter_start
    FROM visits WHERE kind = 'attend_meeting'),
  briefing_quarters AS (  -- the cell's secretary of the day attended an upper-level briefing
    SELECT DISTINCT x.cell_id, date_trunc('quarter', b.date)::DATE AS quarter_start
    FROM briefings b
    JOIN briefing_attendance ba ON ba.briefing_id = b.id
    JOIN members x ON x.id = ba.member_id
    JOIN upper u ON u.cell_id = x.cell_id AND u.unit_id = b.org_unit_id AND b.date BETWEEN u.f AND u.t
    WHERE x.role = 'secretary' AND (x.role_since IS NULL OR x.role_since <= b.date)
      AND x.joined_on <= b.date AND (x.left_on IS NULL OR x.left_on > b.date)),
  months AS (
    SELECT cm.cell_id, count(*) AS counted_months, count(r.cell_id) AS months_with_regular
    FROM counted_months cm LEFT JOIN regular_months r USING (cell_id, month_start) GROUP BY cm.cell_id),
  quarters AS (
    SELECT cq.cell_id, count(*) AS counted_quarters,
           count(t.cell_id) AS quarters_with_thematic,
           count(v.cell_id) AS quarters_with_visit,
           count(b.cell_id) AS quarters_with_briefing
    FROM counted_quarters cq
    LEFT JOIN thematic_quarters t USING (cell_id, quarter_start)
    LEFT JOIN visit_quarters v USING (cell_id, quarter_start)
    LEFT JOIN briefing_quarters b USING (cell_id, quarter_start)
    GROUP BY cq.cell_id)
  SELECT c.cell_id, coalesce(counted_months, 0) AS counted_months, coalesce(months_with_regular, 0) AS months_with_regular,
         coalesce(counted_quarters, 0) AS counted_quarters, coalesce(quarters_with_thematic, 0) AS quarters_with_thematic,
         coalesce(quarters_with_visit, 0) AS quarters_with_visit,
         coalesce(quarters_with_briefing, 0) AS quarters_with_briefing
  FROM cells c LEFT JOIN months USING (cell_id) LEFT JOIN quarters USING (cell_id);

-- The secretaries of each cell on P.to, per training kind, and whether they count (trained in
-- the last 364 days, or in the post long enough, 183 days, to have been).
CREATE TABLE secretaries AS
  WITH s AS (
    SELECT x.cell_id, x.id AS member_id, x.role_since, k.kind
    FROM members x, period, (VALUES ('course'), ('model_meeting')) k(kind)
    WHERE x.role = 'secretary' AND (x.role_since IS NULL OR x.role_since <= p_to)
      AND x.joined_on <= p_to AND (x.left_on IS NULL OR x.left_on > p_to)),
  trained AS (
    SELECT DISTINCT t.member_id, t.kind FROM trainings t, period WHERE t.date BETWEEN p_to - 364 AND p_to)
  SELECT s.cell_id, s.kind, t.member_id IS NOT NULL AS trained,
         t.member_id IS NOT NULL OR s.role_since IS NULL OR s.role_since <= p_to - 183 AS counted
  FROM s LEFT JOIN trained t USING (member_id, kind), period;

-- Cell rule scores, long form (cell, rule, score); NULL = N/A.
CREATE TABLE cell_rule_scores AS
  -- meeting rules: the mean over the cell's meetings in P where the rule applies
  SELECT cell_id, rule, avg(score) AS score FROM meeting_scores GROUP BY ALL
  UNION ALL
  SELECT cell_id, 'M1.1', CASE WHEN counted_months > 0 THEN ramp(months_with_regular / counted_months, 0, 1) END
  FROM cell_calendar
  UNION ALL
  SELECT c.cell_id, 'M1.4', ramp(coalesce(f.flagged, 0), 1, 0)
  FROM cells c LEFT JOIN (SELECT cell_id, count(DISTINCT member_id) AS flagged FROM skipped_months
                          WHERE skipped >= 3 GROUP BY cell_id) f USING (cell_id)
  UNION ALL
  SELECT cell_id, 'M1.6', avg(ramp(band(self_rating) - band(rating), 2, 0))
  FROM meeting_totals WHERE self_rating IS NOT NULL AND rating IS NOT NULL GROUP BY cell_id
  UNION ALL
  SELECT cell_id, 'M3.3', ramp(count(*) FILTER (WHERE has_criticism) / count(*), 0, 0.5)
  FROM meeting_facts GROUP BY cell_id
  UNION ALL
  (WITH due AS (  -- tasks of the cell's meetings (of any date) due in P
     SELECT mt.cell_id, t.* FROM tasks t JOIN meetings mt ON mt.id = t.meeting_id, period
     WHERE t.due_date BETWEEN p_from AND p_to)
   SELECT cell_id, 'M3.8', ramp(count(*) FILTER (WHERE completed_on <= due_date) / count(*), 0.3, 0.8)
   FROM due GROUP BY cell_id
   UNION ALL
   SELECT cell_id, 'M3.9', ramp(count(followed_up_on) / count(*), 0.2, 0.9) FROM due GROUP BY cell_id)
  UNION ALL
  SELECT cell_id, 'M4.1', CASE WHEN counted_quarters > 0 THEN ramp(quarters_with_thematic / counted_quarters, 0, 1) END
  FROM cell_calendar
  UNION ALL
  (WITH topics AS (  -- NFC, case folded, white space collapsed and trimmed
     SELECT cell_id, regexp_replace(regexp_replace(lower(nfc_normalize(topic)), '\s+', ' ', 'g'), '^ | $', '', 'g') AS topic
     FROM pm WHERE kind <> 'regular' AND topic IS NOT NULL)
   SELECT cell_id, 'M4.3', ramp(count(DISTINCT topic) / count(*), 0.5, 1) FROM topics WHERE topic <> '' GROUP BY cell_id)
  UNION ALL
  SELECT cell_id, 'M5.1', CASE WHEN counted_quarters > 0 THEN ramp(quarters_with_visit / counted_quarters, 0, 1) END
  FROM cell_calendar
  UNION ALL
  SELECT v.cell_id, 'M5.2', ramp(count(*) FILTER (WHERE v.report_date <= v.date + 7) / count(*), 0, 1)
  FROM visits v, period WHERE v.kind = 'attend_meeting' AND v.date BETWEEN p_from AND p_to GROUP BY v.cell_id
  UNION ALL
  SELECT e.cell_id, 'M5.3', ramp(count(*) FILTER (WHERE e.responded_on <= e.raised_on + 30) / count(*), 0, 1)
  FROM escalations e, period WHERE e.raised_on BETWEEN p_from AND p_to GROUP BY e.cell_id
  UNION ALL
  SELECT cell_id, 'M5.4', CASE WHEN counted_quarters > 0 THEN ramp(quarters_with_briefing / counted_quarters, 0, 1) END
  FROM cell_calendar
  UNION ALL
  -- M6: no secretary scores 0; secretaries who all are new and untrained make it N/A
  SELECT c.cell_id, CASE k.kind WHEN 'course' THEN 'M6.1' ELSE 'M6.2' END,
         CASE WHEN s.secretaries IS NULL THEN 0.0 ELSE s.score END
  FROM cells c CROSS JOIN (VALUES ('course'), ('model_meeting')) k(kind)
  LEFT JOIN (SELECT cell_id, kind, count(*) AS secretaries, avg(ramp(trained::INT, 0, 1)) FILTER (WHERE counted) AS score
             FROM secretaries GROUP BY ALL) s ON s.cell_id = c.cell_id AND s.kind = k.kind
  UNION ALL
  SELECT c.cell_id, 'M7.1', ramp((a.cell_id IS NOT NULL)::INT, 0, 1)
  FROM cells c LEFT JOIN (
    SELECT DISTINCT a.cell_id FROM assignments a JOIN cadres cd ON cd.id = a.cadre_id
    JOIN upper u ON u.cell_id = a.cell_id AND u.unit_id = cd.org_unit_id, period
    WHERE p_to BETWEEN u.f AND u.t AND a."from" <= p_to AND (a."to" IS NULL OR a."to" >= p_to)) a USING (cell_id)
  UNION ALL
  -- M7.2: inspection/supervision visits against one a quarter (weak cells) or one a year
  (WITH need AS (
     SELECT k.cell_id,
            CASE WHEN r.cell_id IS NOT NULL THEN k.counted_quarters::DOUBLE ELSE k.counted_months / 12.0 END AS required,
            coalesce(v.visits, 0) AS visits
     FROM cell_calendar k
     LEFT JOIN (SELECT r.cell_id FROM ratings r, period WHERE r.year = year(p_from) - 1 AND r.rating = 'khtnv') r
       USING (cell_id)
     LEFT JOIN (SELECT v.cell_id, count(*) AS visits FROM visits v, period
                WHERE v.kind IN ('inspection', 'supervision') AND v.date BETWEEN p_from AND p_to GROUP BY v.cell_id) v
       USING (cell_id))
   SELECT cell_id, 'M7.2', CASE WHEN required >= 1 THEN ramp(visits / required, 0, 1) END FROM need);

-- Measures, totals and ratings of cells, with the weights of the profile in force on P.to.
CREATE TABLE cell_scores AS
  WITH weighted AS (
    SELECT s.cell_id, s.rule, r.measure, r.gate AND r.level = 'cell' AS gate, s.score,
           CASE p.cell_profile WHEN 'hd42-2025' THEN r.w_hd42 ELSE r.w_hd12 END AS weight
    FROM cell_rule_scores s JOIN rules r USING (rule), period p),
  measures AS (
    SELECT cell_id, measure, sum(weight * score) / sum(weight) AS score
    FROM weighted WHERE weight > 0 AND score IS NOT NULL GROUP BY ALL),
  totals AS (
    SELECT cell_id, 100 * avg(score) AS total FROM measures GROUP BY cell_id),
  gates AS (
    SELECT cell_id, bool_and(score >= 1) AS gates_met FROM weighted
    WHERE gate AND weight > 0 AND score IS NOT NULL GROUP BY cell_id)
  SELECT c.cell_id, t.total, rating_of(t.total, coalesce(g.gates_met, true)) AS rating
  FROM cells c LEFT JOIN totals t USING (cell_id) LEFT JOIN gates g USING (cell_id);

-- One row per cell, in the column layout of chibo's units.csv (measures 0–100, rules 0–1).
CREATE TABLE result AS
  WITH m AS (
    PIVOT (SELECT s.cell_id, r.measure,
                  100 * sum(CASE p.cell_profile WHEN 'hd42-2025' THEN r.w_hd42 ELSE r.w_hd12 END * s.score)
                      / sum(CASE p.cell_profile WHEN 'hd42-2025' THEN r.w_hd42 ELSE r.w_hd12 END) AS score
           FROM cell_rule_scores s JOIN rules r USING (rule), period p
           WHERE s.score IS NOT NULL AND CASE p.cell_profile WHEN 'hd42-2025' THEN r.w_hd42 ELSE r.w_hd12 END > 0
           GROUP BY ALL)
    ON measure IN ('M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7') USING first(score) GROUP BY cell_id),
  r AS (
    PIVOT (SELECT s.cell_id, s.rule, s.score FROM cell_rule_scores s JOIN rules r USING (rule), period p
           WHERE CASE p.cell_profile WHEN 'hd42-2025' THEN r.w_hd42 ELSE r.w_hd12 END > 0)
    ON rule IN ('M1.1', 'M1.2', 'M1.3', 'M1.4', 'M1.5', 'M1.6', 'M2.1', 'M2.2', 'M2.3', 'M2.4', 'M2.5',
                'M2.6', 'M2.7', 'M3.1', 'M3.2', 'M3.3', 'M3.4', 'M3.5', 'M3.6', 'M3.7', 'M3.8', 'M3.9',
                'M4.1', 'M4.2', 'M4.3', 'M4.4', 'M5.1', 'M5.2', 'M5.3', 'M5.4', 'M6.1', 'M6.2', 'M7.1', 'M7.2')
    USING first(score) GROUP BY cell_id)
  SELECT c.cell_id AS id, c.total, c.rating, COLUMNS(m.* EXCLUDE (cell_id)), COLUMNS(r.* EXCLUDE (cell_id))
  FROM cell_scores c LEFT JOIN m USING (cell_id) LEFT JOIN r USING (cell_id)
  ORDER BY c.cell_id;
