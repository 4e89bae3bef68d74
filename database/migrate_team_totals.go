package database

// team_days is the third rollup of migration report_totals: each team's
// minutes per date, project, task, billable flag and kind, counting a
// member's entry on the dates of their periods in the team only (an entry
// in two overlapping periods of one team counts once), as a team's report
// reads them. A team's year is as few rows as the organisation's, so the
// report of a 1,000-person team by project or week reads thousands of
// rows, not a million entries each tested against the periods.
//
// It changes with the entries (their triggers call the statements below)
// and with the periods: a period that starts, ends, moves or goes brings
// in or takes out its person's entries of the dates it alone covers.

const teamDaysTable = `CREATE TABLE team_days (
			team_id VARCHAR(36) NOT NULL,
			date VARCHAR(10) NOT NULL,
			project_id VARCHAR(36) NOT NULL,
			task_id VARCHAR(36) NOT NULL,
			billable BOOLEAN NOT NULL,
			kind VARCHAR(8) NOT NULL,
			minutes BIGINT NOT NULL DEFAULT 0,
			entries BIGINT NOT NULL DEFAULT 0,
			PRIMARY KEY (team_id, date, project_id, task_id, billable, kind))`

// inPeriod is the test that entry e is dated within period h (as
// tracking's memberDated has it).
func inPeriod(e, h string) string {
	return e + ".date >= " + h + ".joined_on AND (" + h + ".left_on IS NULL OR " + e + ".date <= " + h + ".left_on)"
}

var teamDaysBackfill = `INSERT INTO team_days (team_id, date, project_id, task_id, billable, kind, minutes, entries)
			SELECT t.team_id, e.date, e.project_id, e.task_id, e.billable, ` + entryKind("e") + `, SUM(e.minutes), COUNT(*)
			FROM entries e JOIN (SELECT DISTINCT team_id, user_id FROM team_memberships) t ON t.user_id = e.user_id
			WHERE e.deleted_at IS NULL AND EXISTS (SELECT 1 FROM team_memberships h
				WHERE h.team_id = t.team_id AND h.user_id = e.user_id AND ` + inPeriod("e", "h") + `)
			GROUP BY 1, 2, 3, 4, 5, 6`

// teamEntry is the upsert that adds minutes and entries (negative ones to
// take away) to the totals of the teams whose periods hold entry row r's
// date, for r's key. It reads the periods as they are (one per team: the
// first, when two of a team overlap) and upserts, because that is what
// SQLite runs without an ephemeral table: an IN list or a DISTINCT would
// build one for each entry written, which costs more than the rest of the
// triggers together on a temp_store=FILE build (go-sqlite3's). cond is
// the extra test the row must pass (SQLite's liveness test, or true).
func teamEntry(r, minutes, entries, cond string) string {
	return `INSERT INTO team_days (team_id, date, project_id, task_id, billable, kind, minutes, entries)
				SELECT h.team_id, ` + r + `.date, ` + r + `.project_id, ` + r + `.task_id, ` + r + `.billable, ` + entryKind(r) + `,
					` + minutes + `, ` + entries + `
				FROM team_memberships h WHERE ` + cond + ` AND h.user_id = ` + r + `.user_id AND ` + inPeriod(r, "h") + `
					AND NOT EXISTS (SELECT 1 FROM team_memberships o WHERE o.team_id = h.team_id AND o.user_id = h.user_id
						AND o.id < h.id AND ` + inPeriod(r, "o") + `)
				ON CONFLICT (team_id, date, project_id, task_id, billable, kind) DO UPDATE
				SET minutes = team_days.minutes + excluded.minutes, entries = team_days.entries + excluded.entries;`
}

// teamAdd adds the live entry NEW to its teams' totals.
var teamAdd = teamEntry("NEW", "NEW.minutes", "1", "NEW.deleted_at IS NULL")

// teamSubtract takes the entry OLD, when live, from its teams' totals.
var teamSubtract = teamEntry("OLD", "-OLD.minutes", "-1", "OLD.deleted_at IS NULL")

// teamResize changes the minutes of the entry NEW in its teams' totals.
var teamResize = teamEntry("NEW", "NEW.minutes - OLD.minutes", "0", "true")

// periodEntries is the live entries of period p's person and dates that no
// other period of theirs in the team covers, summed by team_days' key.
func periodEntries(p string) string {
	return `SELECT e.date, e.project_id, e.task_id, e.billable, ` + entryKind("e") + ` AS kind,
					SUM(e.minutes) AS minutes, COUNT(*) AS entries
				FROM entries e WHERE e.user_id = ` + p + `.user_id AND e.deleted_at IS NULL AND ` + inPeriod("e", p) + `
					AND NOT EXISTS (SELECT 1 FROM team_memberships q WHERE q.team_id = ` + p + `.team_id
						AND q.user_id = ` + p + `.user_id AND q.id <> ` + p + `.id AND ` + inPeriod("e", "q") + `)
				GROUP BY 1, 2, 3, 4, 5`
}

// membershipTriggers keep team_days in step with the periods. A changed
// period is an old one gone and a new one come: both measured against the
// person's other periods in the team, which the change leaves as they
// were.
func membershipTriggers(dialect string) []string {
	add := `INSERT INTO team_days (team_id, date, project_id, task_id, billable, kind, minutes, entries)
				SELECT NEW.team_id, s.date, s.project_id, s.task_id, s.billable, s.kind, s.minutes, s.entries
				FROM (` + periodEntries("NEW") + `) s WHERE true
				ON CONFLICT (team_id, date, project_id, task_id, billable, kind) DO UPDATE
				SET minutes = team_days.minutes + excluded.minutes, entries = team_days.entries + excluded.entries;`
	subtract := `UPDATE team_days SET minutes = team_days.minutes - s.minutes, entries = team_days.entries - s.entries
				FROM (` + periodEntries("OLD") + `) s
				WHERE team_days.team_id = OLD.team_id AND team_days.date = s.date AND team_days.project_id = s.project_id
					AND team_days.task_id = s.task_id AND team_days.billable = s.billable AND team_days.kind = s.kind;`
	changed := "OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.user_id IS DISTINCT FROM NEW.user_id OR " +
		"OLD.joined_on IS DISTINCT FROM NEW.joined_on OR OLD.left_on IS DISTINCT FROM NEW.left_on"
	if dialect == Postgres {
		return []string{`CREATE FUNCTION team_memberships_team_days() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF TG_OP <> 'INSERT' THEN
					` + subtract + `
				END IF;
				IF TG_OP <> 'DELETE' THEN
					` + add + `
				END IF;
				RETURN NULL;
			END $$`,
			`CREATE TRIGGER team_memberships_team_days_write AFTER INSERT OR DELETE ON team_memberships
				FOR EACH ROW EXECUTE FUNCTION team_memberships_team_days()`,
			`CREATE TRIGGER team_memberships_team_days_update AFTER UPDATE ON team_memberships
				FOR EACH ROW WHEN (` + changed + `) EXECUTE FUNCTION team_memberships_team_days()`}
	}
	return []string{
		`CREATE TRIGGER team_memberships_team_days_insert AFTER INSERT ON team_memberships BEGIN ` + add + ` END`,
		`CREATE TRIGGER team_memberships_team_days_delete AFTER DELETE ON team_memberships BEGIN ` + subtract + ` END`,
		`CREATE TRIGGER team_memberships_team_days_update AFTER UPDATE ON team_memberships
			WHEN ` + replaceDistinct(changed) + ` BEGIN ` + subtract + ` ` + add + ` END`,
	}
}
