package database

import (
	"strings"

	"gorm.io/gorm"
)

// reportTotals keeps three rollups of the live entries for the reports
// (issue 16: a year of a 1,000-person organisation within 100 ms, where
// reading its million entries alone takes 250 ms):
//
//   - report_days: the organisation's minutes per date, project, task,
//     billable flag and kind, without the person. A year is at most 84 rows
//     a date in the seeded organisation (14 tasks), whatever the head
//     count, so every report of the admin's that neither groups nor
//     filters by person reads it, at any date grouping.
//   - team_days: the same per team, of the dates each member was in it
//     (migrate_team_totals.go), for a team's reports.
//   - report_months: each person's minutes per month, billable flag and
//     kind, without project or task: the entries of a person-month spread
//     over most tasks, so keeping them would save little; without them a
//     year is a dozen or so rows a person.
//
// entries counts the rows behind each total: a total back at zero entries
// is no group at all, as an absent entry is, so the reports skip it (a
// group of zero-minute entries still shows).
//
// Triggers, as for day_totals and for the same reason: entries change in
// many places (API, batch writer, timer, import, seeder, edits, soft
// deletes and restores, the close-out's on-time flags, task moves, ClickUp
// sync), and a trigger runs inside the statement's own transaction on
// every one of them, so the rollups cannot drift from the rows. The
// update triggers skip updates that change nothing the rollups key or sum
// (a note, the timestamps).
func reportTotals(tx *gorm.DB) error {
	kind := entryKind
	// On SQLite the rows live in their key's order (WITHOUT ROWID), so a
	// report reads its range's totals in one pass, without a lookup each.
	clustered := ""
	if tx.Dialector.Name() != Postgres {
		clustered = " WITHOUT ROWID"
	}
	watched := []string{"user_id", "date", "project_id", "task_id", "minutes", "billable", "on_time", "source", "deleted_at"}
	stmts := []string{
		`CREATE TABLE report_days (
			date VARCHAR(10) NOT NULL,
			project_id VARCHAR(36) NOT NULL,
			task_id VARCHAR(36) NOT NULL,
			billable BOOLEAN NOT NULL,
			kind VARCHAR(8) NOT NULL,
			minutes BIGINT NOT NULL DEFAULT 0,
			entries BIGINT NOT NULL DEFAULT 0,
			PRIMARY KEY (date, project_id, task_id, billable, kind))` + clustered,
		`CREATE TABLE report_months (
			month VARCHAR(7) NOT NULL,
			user_id VARCHAR(36) NOT NULL,
			billable BOOLEAN NOT NULL,
			kind VARCHAR(8) NOT NULL,
			minutes BIGINT NOT NULL DEFAULT 0,
			entries BIGINT NOT NULL DEFAULT 0,
			PRIMARY KEY (month, user_id, billable, kind))` + clustered,
		`INSERT INTO report_days (date, project_id, task_id, billable, kind, minutes, entries)
			SELECT date, project_id, task_id, billable, ` + kind("entries") + `, SUM(minutes), COUNT(*)
			FROM entries WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5`,
		`INSERT INTO report_months (month, user_id, billable, kind, minutes, entries)
			SELECT substr(date, 1, 7), user_id, billable, ` + kind("entries") + `, SUM(minutes), COUNT(*)
			FROM entries WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4`,
		teamDaysTable + clustered,
		teamDaysBackfill,
	}
	// add and subtract are the rollups' statements for the new row and the
	// old one, when live; excluded is how each database names the row an
	// upsert proposed. SQLite's trigger statements cannot branch, so the
	// liveness test is their WHERE (its SELECT form of the upsert needs a
	// WHERE anyway, to parse).
	add := func(excluded string, guarded bool) string {
		row := func(cols string) string {
			if guarded {
				return "SELECT " + cols + " WHERE NEW.deleted_at IS NULL"
			}
			return "VALUES (" + cols + ")"
		}
		return `INSERT INTO report_days (date, project_id, task_id, billable, kind, minutes, entries)
				` + row(`NEW.date, NEW.project_id, NEW.task_id, NEW.billable, `+kind("NEW")+`, NEW.minutes, 1`) + `
				ON CONFLICT (date, project_id, task_id, billable, kind) DO UPDATE
				SET minutes = report_days.minutes + ` + excluded + `.minutes, entries = report_days.entries + 1;
			INSERT INTO report_months (month, user_id, billable, kind, minutes, entries)
				` + row(`substr(NEW.date, 1, 7), NEW.user_id, NEW.billable, `+kind("NEW")+`, NEW.minutes, 1`) + `
				ON CONFLICT (month, user_id, billable, kind) DO UPDATE
				SET minutes = report_months.minutes + ` + excluded + `.minutes, entries = report_months.entries + 1;
			` + teamAdd
	}
	subtract := func(guarded bool) string {
		live := ""
		if guarded {
			live = "OLD.deleted_at IS NULL AND "
		}
		return `UPDATE report_days SET minutes = minutes - OLD.minutes, entries = entries - 1
				WHERE ` + live + `date = OLD.date AND project_id = OLD.project_id AND task_id = OLD.task_id
					AND billable = OLD.billable AND kind = ` + kind("OLD") + `;
			UPDATE report_months SET minutes = minutes - OLD.minutes, entries = entries - 1
				WHERE ` + live + `month = substr(OLD.date, 1, 7) AND user_id = OLD.user_id
					AND billable = OLD.billable AND kind = ` + kind("OLD") + `;
			` + teamSubtract
	}
	// An edit of the minutes alone, the commonest, moves no entry between
	// totals: it changes each of its two in place, in two statements
	// rather than four.
	resize := `UPDATE report_days SET minutes = minutes + NEW.minutes - OLD.minutes
				WHERE date = NEW.date AND project_id = NEW.project_id AND task_id = NEW.task_id
					AND billable = NEW.billable AND kind = ` + kind("NEW") + `;
			UPDATE report_months SET minutes = minutes + NEW.minutes - OLD.minutes
				WHERE month = substr(NEW.date, 1, 7) AND user_id = NEW.user_id
					AND billable = NEW.billable AND kind = ` + kind("NEW") + `;
			` + teamResize
	var changed, rekeyed []string
	for _, c := range watched {
		changed = append(changed, "OLD."+c+" IS DISTINCT FROM NEW."+c)
		if c != "minutes" {
			rekeyed = append(rekeyed, "OLD."+c+" IS DISTINCT FROM NEW."+c)
		}
	}
	if tx.Dialector.Name() == Postgres {
		stmts = append(stmts, `CREATE FUNCTION entries_report_totals() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF TG_OP = 'UPDATE' AND NOT (`+strings.Join(rekeyed, " OR ")+`) THEN
					IF NEW.deleted_at IS NULL THEN
						`+resize+`
					END IF;
					RETURN NULL;
				END IF;
				IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
					`+subtract(false)+`
				END IF;
				IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
					`+add("EXCLUDED", false)+`
				END IF;
				RETURN NULL;
			END $$`,
			`CREATE TRIGGER entries_report_totals_write AFTER INSERT OR DELETE ON entries
				FOR EACH ROW EXECUTE FUNCTION entries_report_totals()`,
			`CREATE TRIGGER entries_report_totals_update AFTER UPDATE OF `+strings.Join(watched, ", ")+` ON entries
				FOR EACH ROW WHEN (`+strings.Join(changed, " OR ")+`) EXECUTE FUNCTION entries_report_totals()`)
	} else {
		sqlite := func(conds []string) string { return "(" + replaceDistinct(strings.Join(conds, " OR ")) + ")" }
		stmts = append(stmts,
			`CREATE TRIGGER entries_report_totals_insert AFTER INSERT ON entries BEGIN `+add("excluded", true)+` END`,
			`CREATE TRIGGER entries_report_totals_delete AFTER DELETE ON entries BEGIN `+subtract(true)+` END`,
			`CREATE TRIGGER entries_report_totals_update AFTER UPDATE OF `+strings.Join(watched, ", ")+` ON entries
				WHEN `+sqlite(rekeyed)+` BEGIN `+subtract(true)+` `+add("excluded", true)+` END`,
			`CREATE TRIGGER entries_report_totals_resize AFTER UPDATE OF minutes ON entries
				WHEN NOT `+sqlite(rekeyed)+` AND OLD.minutes IS NOT NEW.minutes AND NEW.deleted_at IS NULL
				BEGIN `+resize+` END`)
	}
	stmts = append(stmts, membershipTriggers(tx.Dialector.Name())...)
	return tx.Transaction(func(tx *gorm.DB) error {
		for _, stmt := range stmts {
			if err := tx.Exec(stmt).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// entryKind is the report kind of the entry row r.
func entryKind(r string) string {
	return "CASE WHEN " + r + ".source = 'import' THEN 'imported' WHEN " + r + ".on_time THEN 'on_time' ELSE 'late' END"
}

// replaceDistinct writes IS DISTINCT FROM as SQLite's IS NOT, which is the
// same test (never NULL, so NOT of it is safe).
func replaceDistinct(conds string) string {
	return strings.ReplaceAll(conds, "IS DISTINCT FROM", "IS NOT")
}
