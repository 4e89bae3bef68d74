package database_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
)

// teamDaysHarness is a migrated database with helpers to write entries and
// periods by SQL and to compare team_days with a recompute from the live
// entries and the periods (each entry once per team whose period holds
// its date).
type teamDaysHarness struct {
	t  *testing.T
	db *database.DB
}

func newTeamDaysHarness(t *testing.T, dialect string) *teamDaysHarness {
	db := openAt(t, dialect, "")
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &teamDaysHarness{t: t, db: db}
}

func (h *teamDaysHarness) exec(sql string, args ...any) {
	h.t.Helper()
	if err := h.db.W.Exec(sql, args...).Error; err != nil {
		h.t.Fatal(err)
	}
}

const hostileEntrySQL = `INSERT INTO entries (id, user_id, task_id, project_id, date, minutes, note, billable, source,
	on_time, dated_at, dated_on, created_at, updated_at)
	VALUES (?, ?, 't1', 'p', ?, ?, '', ?, 'web', ?, '2026-03-02 10:00:00', ?, '2026-03-02 10:00:00', '2026-03-02 10:00:00')`

const hostilePeriodSQL = `INSERT INTO team_memberships (id, team_id, user_id, joined_at, joined_on, left_at, left_on)
	VALUES (?, ?, ?, '2026-03-01 10:00:00', ?, ?, ?)` // id, team, user, joined_on, left_at, left_on

type teamTotal struct {
	TeamID, Date     string
	Minutes, Entries int
}

// check compares team_days' live totals (entries > 0, as the reports read
// them) and any total with negative entries with the recompute.
func (h *teamDaysHarness) check(when string) {
	h.t.Helper()
	var got, want []teamTotal
	if err := h.db.R.Raw(`SELECT team_id, date, SUM(minutes) AS minutes, SUM(entries) AS entries FROM team_days
		WHERE entries <> 0 GROUP BY team_id, date ORDER BY team_id, date`).Scan(&got).Error; err != nil {
		h.t.Fatal(err)
	}
	if err := h.db.R.Raw(`SELECT t.team_id, e.date, SUM(e.minutes) AS minutes, COUNT(*) AS entries
		FROM entries e JOIN (SELECT DISTINCT team_id, user_id FROM team_memberships) t ON t.user_id = e.user_id
		WHERE e.deleted_at IS NULL AND EXISTS (SELECT 1 FROM team_memberships m WHERE m.team_id = t.team_id
			AND m.user_id = e.user_id AND e.date >= m.joined_on AND (m.left_on IS NULL OR e.date <= m.left_on))
		GROUP BY t.team_id, e.date ORDER BY t.team_id, e.date`).Scan(&want).Error; err != nil {
		h.t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		h.t.Errorf("%s: team_days (-recomputed from the entries +team_days):\n%s", when, diff)
	}
}

// TestTeamDaysMultiRowPeriodStatements: the design says the triggers keep
// the rollups on every path, raw maintenance included. A statement that
// writes several periods of one person in one team at once (deleting a
// team's periods, inserting two overlapping periods in one INSERT, ending
// every open period of a team) must leave team_days equal to the entries.
//
// On PostgreSQL the membership triggers are AFTER ... FOR EACH ROW, which
// run after the whole statement and see every row it wrote: each deleted
// period measures "the dates no other period covers" against a table where
// the other period is already gone, so an entry in an overlap is taken out
// twice (and, on a multi-row insert, never brought in). SQLite fires each
// row's trigger right after that row, so it holds.
func TestTeamDaysMultiRowPeriodStatements(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		h := newTeamDaysHarness(t, dialect)
		h.exec(hostilePeriodSQL, "p1", "core", "ana", "2026-03-01", nil, nil)
		h.exec(hostilePeriodSQL, "p2", "core", "ana", "2026-03-02", "2026-03-06 10:00:00", "2026-03-05") // inside p1
		h.exec(hostileEntrySQL, "e1", "ana", "2026-03-03", 60, true, true, "2026-03-03")
		h.exec(hostileEntrySQL, "e2", "ana", "2026-03-10", 30, true, true, "2026-03-10")
		h.check("two overlapping periods, one row each")

		// A team's periods removed in one statement.
		h.exec("DELETE FROM team_memberships WHERE team_id = 'core'")
		h.check("after deleting the team's periods in one statement")

		// Two overlapping periods brought in by one INSERT.
		h.exec(`INSERT INTO team_memberships (id, team_id, user_id, joined_at, joined_on, left_at, left_on) VALUES
			('p3', 'core', 'ana', '2026-03-01 10:00:00', '2026-03-01', NULL, NULL),
			('p4', 'core', 'ana', '2026-03-01 10:00:00', '2026-03-02', '2026-03-06 10:00:00', '2026-03-05')`)
		h.check("after inserting two overlapping periods in one statement")

		// Both periods moved by one UPDATE.
		h.exec("UPDATE team_memberships SET joined_on = '2026-03-04' WHERE team_id = 'core'")
		h.check("after moving both periods in one statement")
	})
}
