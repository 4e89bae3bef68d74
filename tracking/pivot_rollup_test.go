package tracking_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
)

// TestReportRollups: after a random history of creates, edits (minutes,
// date, task, billable), on-time flips as the close-out makes them,
// deletes, restores, imports, rolled-back writes and team periods added,
// moved, ended and removed (overlapping ones too), the rollups equal the
// live entries' sums, and every report, whichever table answers it, equals
// the report worked out here from the entries alone: random groupings,
// filters, viewers, team scopes and ranges that cut weeks and months.
func TestReportRollups(t *testing.T) {
	each(t, tracking.Config{}, func(t *testing.T, s *fixture) {
		h := newReportHistory(t, s, 1)
		routes := map[string]int{}
		for round := range 6 {
			for range 60 {
				h.step()
			}
			h.checkRollups()
			for range 50 {
				h.checkReport(routes)
			}
			t.Logf("round %d: %d live entries", round, len(h.entries()))
		}
		// Each table must have answered its share, or the comparison above
		// proved nothing about it.
		for _, r := range []string{"report_days", "team_days", "team_days+own", "report_months", "entries"} {
			t.Logf("%d reports read %s", routes[r], r)
			if routes[r] < 15 {
				t.Errorf("%d reports read %s, want at least 15 (%v)", routes[r], r, routes)
			}
		}
	})
}

// reportHistory is the people, tasks and teams of the test, and the
// random writes to their entries.
type reportHistory struct {
	t         *testing.T
	s         *fixture
	rng       *rand.Rand
	admin     *auth.User
	lead      *auth.User
	member    *auth.User
	people    []*auth.User
	tasks     []*org.Task
	teams     []string
	live, all []string // entry ids
}

// The history's dates: from a Wednesday in January to a Sunday in May.
const (
	historyFrom = "2026-01-14"
	historyTo   = "2026-05-10"
)

func newReportHistory(t *testing.T, s *fixture, seed int64) *reportHistory {
	s.clock.Advance(100 * 24 * time.Hour) // 10 June: the whole history is past, for the import
	h := &reportHistory{t: t, s: s, rng: rand.New(rand.NewSource(seed))}
	h.admin = s.user("ada", auth.RoleAdmin)
	h.lead = s.user("lea", "")
	h.member = s.user("mo", "")
	h.people = []*auth.User{h.admin, h.lead, h.member, s.user("nia", ""), s.user("oz", "")}
	for _, p := range []struct {
		name  string
		tasks []string
	}{{"Web", []string{"Blog", "Shop"}}, {"App", []string{"Login", "Sync"}}, {"Ops", []string{"Pager"}}} {
		project, err := s.CreateProject(s.ctx, p.name, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range p.tasks {
			task, err := s.CreateTask(s.ctx, project.ID, name, nil)
			if err != nil {
				t.Fatal(err)
			}
			h.tasks = append(h.tasks, task)
		}
	}
	for _, name := range []string{"Core", "Side"} {
		team, err := s.CreateTeam(s.ctx, name, "")
		if err != nil {
			t.Fatal(err)
		}
		h.teams = append(h.teams, team.ID)
	}
	if _, err := s.SetMember(s.ctx, h.admin, h.teams[0], h.lead.ID, auth.RoleLead); err != nil {
		t.Fatal(err)
	}
	// Periods in the teams that start and end inside weeks and months,
	// two of one person's in one team, one inside another, and one still
	// open.
	for _, p := range []struct {
		team   int
		person int
		from   string
		to     string
	}{
		{0, 1, "2026-02-01", "2026-06-09"}, {0, 2, "2026-01-21", "2026-02-17"}, {0, 2, "2026-03-05", "2026-04-30"},
		{0, 3, "2026-02-01", "2026-03-31"}, {1, 3, "2026-03-11", ""}, {1, 4, "2026-01-01", "2026-04-12"},
		{1, 0, "2026-02-09", "2026-02-22"}, {1, 4, "2026-03-01", "2026-03-31"}, // inside oz's other period
	} {
		var leftAt, leftOn any
		if p.to != "" {
			leftAt, leftOn = s.Now(), p.to
		}
		err := s.db.W.Exec(`INSERT INTO team_memberships (id, team_id, user_id, joined_at, joined_on, left_at, left_on)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, fmt.Sprintf("m%d", h.rng.Int63()), h.teams[p.team], h.people[p.person].ID,
			s.Now(), p.from, leftAt, leftOn).Error
		if err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// date is a random date of the history.
func (h *reportHistory) date() string {
	return civil.AddDays(historyFrom, h.rng.Intn(civil.DaysBetween(historyFrom, historyTo)+1))
}

func (h *reportHistory) pick(ids []string) string { return ids[h.rng.Intn(len(ids))] }

// tx runs fn in a transaction that commits, or that rolls back when
// rollback (the rollups must not keep its writes either).
func (h *reportHistory) tx(rollback bool, fn func(ctx context.Context) error) {
	h.t.Helper()
	errRollback := errors.New("roll back")
	err := h.s.db.Tx(h.s.ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		if rollback {
			return errRollback
		}
		return nil
	})
	if err != nil && !errors.Is(err, errRollback) {
		h.t.Fatal(err)
	}
}

// step makes one random write.
func (h *reportHistory) step() {
	s := h.s
	switch r := h.rng.Intn(100); {
	case r < 45 || len(h.live) < 5:
		rollback := h.rng.Intn(10) == 0
		var es []*tracking.Entry
		for range 1 + h.rng.Intn(3) {
			u, task := h.people[h.rng.Intn(len(h.people))], h.tasks[h.rng.Intn(len(h.tasks))]
			e := tracking.EntryRow(u, task, tracking.NewEntry{TaskID: task.ID, Date: h.date(), Minutes: 1 + h.rng.Intn(300),
				Billable: h.rng.Intn(3) > 0, Source: []string{tracking.SourceWeb, tracking.SourceAPI}[h.rng.Intn(2)]},
				s.Now(), h.rng.Intn(3) > 0)
			es = append(es, e)
		}
		h.tx(rollback, func(ctx context.Context) error { return s.InsertEntries(ctx, es) })
		if !rollback {
			for _, e := range es {
				h.live, h.all = append(h.live, e.ID), append(h.all, e.ID)
			}
		}
	case r < 75:
		e := h.entry(h.pick(h.live))
		switch h.rng.Intn(6) {
		case 0:
			e.Minutes = 1 + h.rng.Intn(300)
		case 1:
			e.Date = h.date()
		case 2:
			task := h.tasks[h.rng.Intn(len(h.tasks))]
			e.TaskID, e.ProjectID = task.ID, task.ProjectID
		case 3:
			e.Billable = !e.Billable
		case 4:
			e.OnTime = false // the close-out, or an edit after the day closed
			if e.Source == tracking.SourceImport {
				e.Minutes++ // imports are never on time: change something else
			}
		case 5:
			e.Note = fmt.Sprint("only the note ", h.rng.Int()) // a change the rollups skip
		}
		h.tx(h.rng.Intn(10) == 0, func(ctx context.Context) error { return s.SaveEntries(ctx, []*tracking.Entry{e}) })
	case r < 85:
		id := h.pick(h.live)
		rollback := h.rng.Intn(10) == 0
		h.tx(rollback, func(ctx context.Context) error { return s.DeleteEntries(ctx, []string{id}, s.Now()) })
		if !rollback {
			h.live = slices.DeleteFunc(h.live, func(l string) bool { return l == id })
		}
	case r < 88:
		// A restore, as an operator might run it: nothing in the app does.
		id := h.pick(h.all)
		if err := s.db.W.Exec("UPDATE entries SET deleted_at = NULL WHERE id = ?", id).Error; err != nil {
			h.t.Fatal(err)
		}
		if !slices.Contains(h.live, id) {
			h.live = append(h.live, id)
		}
	case r < 90:
		// Every open entry of a date closes at once, as a bulk update.
		if err := s.db.W.Exec("UPDATE entries SET on_time = ? WHERE date = ?", false, h.date()).Error; err != nil {
			h.t.Fatal(err)
		}
	case r < 97:
		h.changePeriod()
	default:
		h.importRows()
	}
}

// changePeriod adds, moves, ends or removes a team period, often one that
// overlaps another of the same person in the same team.
func (h *reportHistory) changePeriod() {
	s := h.s
	var ids []string
	if err := s.db.R.Raw("SELECT id FROM team_memberships ORDER BY id").Scan(&ids).Error; err != nil {
		h.t.Fatal(err)
	}
	id := h.pick(ids)
	var err error
	switch h.rng.Intn(4) {
	case 0:
		from := h.date()
		err = s.db.W.Exec(`INSERT INTO team_memberships (id, team_id, user_id, joined_at, joined_on, left_at, left_on)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, fmt.Sprintf("m%d", h.rng.Int63()), h.pick(h.teams), h.people[h.rng.Intn(len(h.people))].ID,
			s.Now(), from, s.Now(), civil.AddDays(from, h.rng.Intn(60))).Error
	case 1:
		err = s.db.W.Exec("UPDATE team_memberships SET joined_on = ? WHERE id = ?", civil.AddDays(h.date(), -30), id).Error
	case 2:
		err = s.db.W.Exec("UPDATE team_memberships SET left_on = ?, left_at = ? WHERE id = ? AND left_at IS NOT NULL",
			h.date(), s.Now(), id).Error
	case 3:
		err = s.db.W.Exec("DELETE FROM team_memberships WHERE id = ?", id).Error
	}
	if err != nil {
		h.t.Fatal(err)
	}
}

// importRows imports a few rows through the importer, which writes the
// entries its own way (gorm, in batches).
func (h *reportHistory) importRows() {
	var rows sliceSource
	for i := range 1 + h.rng.Intn(4) {
		u, task := h.people[h.rng.Intn(len(h.people))], h.tasks[h.rng.Intn(len(h.tasks))]
		p, err := h.s.Project(h.s.ctx, task.ProjectID)
		if err != nil {
			h.t.Fatal(err)
		}
		rows = append(rows, tracking.ImportRow{Line: i + 1, Email: u.Email, Project: p.Name, Task: task.Name, Date: h.date(),
			Minutes: 1 + h.rng.Intn(120), Billable: h.rng.Intn(2) == 0, Hash: fmt.Sprint(h.rng.Int63())})
	}
	if _, err := h.s.Import(h.s.ctx, &rows, tracking.ImportOptions{}); err != nil {
		h.t.Fatal(err)
	}
	var ids []string
	if err := h.s.db.R.Raw("SELECT id FROM entries WHERE source = 'import' AND deleted_at IS NULL").Scan(&ids).Error; err != nil {
		h.t.Fatal(err)
	}
	for _, id := range ids {
		if !slices.Contains(h.all, id) {
			h.live, h.all = append(h.live, id), append(h.all, id)
		}
	}
}

type sliceSource []tracking.ImportRow

func (s *sliceSource) Next() (tracking.ImportRow, error) {
	if len(*s) == 0 {
		return tracking.ImportRow{}, io.EOF
	}
	r := (*s)[0]
	*s = (*s)[1:]
	return r, nil
}

func (h *reportHistory) entry(id string) *tracking.Entry {
	h.t.Helper()
	e, err := h.s.AnyEntry(h.s.ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return e
}

// entryRow is what a report reads of an entry.
type entryRow struct {
	UserID, ProjectID, TaskID, Date, Source string
	Minutes                                 int
	Billable, OnTime                        bool
}

func (e entryRow) kind() string {
	switch {
	case e.Source == tracking.SourceImport:
		return "imported"
	case e.OnTime:
		return "on_time"
	}
	return "late"
}

func (h *reportHistory) entries() []entryRow {
	h.t.Helper()
	var out []entryRow
	err := h.s.db.R.Raw(`SELECT user_id, project_id, task_id, date, source, minutes, billable, on_time
		FROM entries WHERE deleted_at IS NULL`).Scan(&out).Error
	if err != nil {
		h.t.Fatal(err)
	}
	return out
}

// checkRollups compares the rollups with the live entries' sums: a total
// whose entries are gone must hold no minute either.
func (h *reportHistory) checkRollups() {
	h.t.Helper()
	days, months, teams := map[string][2]int{}, map[string][2]int{}, map[string][2]int{}
	periods := h.periods()
	for _, e := range h.entries() {
		add := func(m map[string][2]int, k string) { m[k] = [2]int{m[k][0] + e.Minutes, m[k][1] + 1} }
		add(days, fmt.Sprint(e.Date, e.ProjectID, e.TaskID, e.Billable, e.kind()))
		add(months, fmt.Sprint(e.Date[:7], e.UserID, e.Billable, e.kind()))
		for _, team := range h.teams {
			if periods.hold(team, e) {
				add(teams, fmt.Sprint(team, e.Date, e.ProjectID, e.TaskID, e.Billable, e.kind()))
			}
		}
	}
	for table, want := range map[string]map[string][2]int{"report_days": days, "report_months": months, "team_days": teams} {
		var rows []struct {
			TeamID, Date, Month, ProjectID, TaskID, UserID, Kind string
			Billable                                             bool
			Minutes, Entries                                     int
		}
		if err := h.s.db.R.Table(table).Where("minutes <> 0 OR entries <> 0").Scan(&rows).Error; err != nil {
			h.t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, r := range rows {
			k := fmt.Sprint(r.Date, r.ProjectID, r.TaskID, r.Billable, r.Kind)
			switch table {
			case "report_months":
				k = fmt.Sprint(r.Month, r.UserID, r.Billable, r.Kind)
			case "team_days":
				k = fmt.Sprint(r.TeamID, r.Date, r.ProjectID, r.TaskID, r.Billable, r.Kind)
			}
			got[k] = [2]int{r.Minutes, r.Entries}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			h.t.Fatalf("%s drifted from the entries (-summed +kept):\n%s", table, diff)
		}
	}
}
