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

// TestTeamDaysMultiRowPeriodStatements: a statement that writes several
// periods of one person in one team at once (deleting a team's periods,
// inserting two overlapping periods in one INSERT, moving both) leaves
// team_days equal to the entries. SQLite fires each row's trigger right
// after that row, so it holds. On PostgreSQL row triggers run after the
// whole statement and each would see the others' rows, counting an overlap
// twice or not at all, so such a statement is refused and changes nothing
// (migration 20261213_team_days_guards); one period per statement holds.
func TestTeamDaysMultiRowPeriodStatements(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		h := newTeamDaysHarness(t, dialect)
		h.exec(hostilePeriodSQL, "p1", "core", "ana", "2026-03-01", nil, nil)
		h.exec(hostilePeriodSQL, "p2", "core", "ana", "2026-03-02", "2026-03-06 10:00:00", "2026-03-05") // inside p1
		h.exec(hostilePeriodSQL, "p5", "core", "bob", "2026-03-01", nil, nil)
		h.exec(hostileEntrySQL, "e1", "ana", "2026-03-03", 60, true, true, "2026-03-03")
		h.exec(hostileEntrySQL, "e2", "ana", "2026-03-10", 30, true, true, "2026-03-10")
		h.exec(hostileEntrySQL, "e3", "bob", "2026-03-03", 45, true, true, "2026-03-03")
		h.check("two overlapping periods, one row each")

		several := func(what, sql string) {
			t.Helper()
			err := h.db.W.Exec(sql).Error
			if dialect == database.Postgres && err == nil {
				t.Errorf("%s: a statement writing two periods of one person in one team was taken", what)
			}
			if dialect == database.SQLite && err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			h.check("after " + what)
		}
		several("deleting the team's periods in one statement", "DELETE FROM team_memberships WHERE team_id = 'core'")
		if dialect == database.Postgres {
			// One period at a time holds there too.
			for _, id := range []string{"p1", "p2", "p5"} {
				h.exec("DELETE FROM team_memberships WHERE id = ?", id)
				h.check("after deleting period " + id)
			}
		}
		several("inserting two overlapping periods in one statement",
			`INSERT INTO team_memberships (id, team_id, user_id, joined_at, joined_on, left_at, left_on) VALUES
			('p3', 'core', 'ana', '2026-03-01 10:00:00', '2026-03-01', NULL, NULL),
			('p4', 'core', 'ana', '2026-03-01 10:00:00', '2026-03-02', '2026-03-06 10:00:00', '2026-03-05')`)
		// Periods of different people in one statement are independent.
		h.exec(`INSERT INTO team_memberships (id, team_id, user_id, joined_at, joined_on, left_at, left_on) VALUES
			('p6', 'core', 'bob', '2026-03-01 10:00:00', '2026-03-01', NULL, NULL),
			('p7', 'core', 'cy', '2026-03-01 10:00:00', '2026-03-02', NULL, NULL)`)
		h.check("after inserting periods of two people in one statement")
		if dialect == database.Postgres {
			h.exec(hostilePeriodSQL, "p3", "core", "ana", "2026-03-01", nil, nil)
			h.exec(hostilePeriodSQL, "p4", "core", "ana", "2026-03-02", "2026-03-06 10:00:00", "2026-03-05")
			h.check("after inserting the two overlapping periods one at a time")
		}
		several("moving both of ana's periods in one statement", "UPDATE team_memberships SET joined_on = '2026-03-04' WHERE user_id = 'ana'")
	})
}
