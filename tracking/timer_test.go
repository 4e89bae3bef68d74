package tracking_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// TestTimer: one timer per user, on a live task; a stop claims the run it
// names, once.
func TestTimer(t *testing.T) {
	each(t, tracking.Config{}, func(t *testing.T, s *fixture) {
		ana := s.user("ana", "")
		task := s.task("Work")
		gone := s.task("Gone")
		if _, err := s.UpdateTask(s.ctx, gone.ID, org.TaskChange{Archived: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name, task, note string
			want             string
		}{
			{"an archived task", gone.ID, "", "invalid"},
			{"no task", "", "", "invalid"},
			{"too long a note", task.ID, strings.Repeat("x", 2001), "invalid"},
			{"a live task", task.ID, "deep work", "ok"},
			{"a second timer", task.ID, "", "conflict"},
		} {
			if _, err := s.StartTimer(s.ctx, ana, c.task, c.note); storetest.Outcome(err) != c.want {
				t.Errorf("%s: %s, want %s", c.name, storetest.Outcome(err), c.want)
			}
		}
		running, err := s.RunningTimer(s.ctx, ana)
		if err != nil || running.TaskID != task.ID || running.Note != "deep work" || !running.StartedAt.Equal(monday) {
			t.Fatalf("running %+v, %v", running, err)
		}
		if ts, _ := s.TimersOnProject(s.ctx, task.ProjectID); len(ts) != 1 {
			t.Errorf("%d timers on the project", len(ts))
		}
		other := monday.Add(-time.Hour)
		if _, err := s.ClaimTimer(s.ctx, ana.ID, &other); storetest.Outcome(err) != "not found" {
			t.Errorf("claiming another run: %s", storetest.Outcome(err))
		}
		if claimed, err := s.ClaimTimer(s.ctx, ana.ID, &running.StartedAt); err != nil || claimed.TaskID != task.ID {
			t.Errorf("claim: %v, %v", claimed, err)
		}
		if _, err := s.ClaimTimer(s.ctx, ana.ID, nil); storetest.Outcome(err) != "not found" {
			t.Errorf("a second claim: %s", storetest.Outcome(err))
		}
		if _, err := s.RunningTimer(s.ctx, ana); storetest.Outcome(err) != "not found" {
			t.Errorf("a timer still runs: %s", storetest.Outcome(err))
		}
	})
}

// TestSplitSpan: a timed span is cut at each local midnight and rounded to
// the minute; parts under 30 seconds are dropped.
func TestSplitSpan(t *testing.T) {
	lisbon, _ := time.LoadLocation("Europe/Lisbon")
	at := func(day, h, m, sec int) time.Time { return time.Date(2026, 3, day, h, m, sec, 0, time.UTC) }
	for _, c := range []struct {
		name       string
		start, end time.Time
		loc        *time.Location
		want       []tracking.Piece
	}{
		{"within a day", at(2, 9, 0, 0), at(2, 10, 30, 0), time.UTC, []tracking.Piece{{"2026-03-02", 90}}},
		{"across midnight", at(2, 23, 0, 0), at(3, 1, 0, 0), time.UTC, []tracking.Piece{{"2026-03-02", 60}, {"2026-03-03", 60}}},
		{"rounded", at(2, 9, 0, 0), at(2, 9, 1, 31), time.UTC, []tracking.Piece{{"2026-03-02", 2}}},
		{"under 30 seconds", at(2, 9, 0, 0), at(2, 9, 0, 29), time.UTC, nil},
		{"a tail under 30 seconds", at(2, 23, 0, 0), at(3, 0, 0, 20), time.UTC, []tracking.Piece{{"2026-03-02", 60}}},
		{"the spring gap", time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC), time.Date(2026, 3, 29, 3, 0, 0, 0, time.UTC), lisbon,
			[]tracking.Piece{{"2026-03-28", 60}, {"2026-03-29", 180}}},
	} {
		if got := tracking.SplitSpan(c.start, c.end, c.loc); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
