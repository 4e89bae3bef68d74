package tracking_test

import (
	"context"
	"testing"

	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// TestEditTask: admins and leads change any task; its creator only while
// nobody else has logged time on it or is timing it; nobody else, and
// nobody here for a task kept in sync with ClickUp.
func TestEditTask(t *testing.T) {
	each(t, tracking.Config{}, func(t *testing.T, s *fixture) {
		admin, lead, ana, bo := s.user("admin", auth.RoleAdmin), s.user("lead", ""), s.user("ana", ""), s.user("bo", "")
		team, err := s.CreateTeam(s.ctx, "Crew", "UTC")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetMember(s.ctx, admin, team.ID, lead.ID, auth.RoleLead); err != nil {
			t.Fatal(err)
		}
		p, err := s.CreateProject(s.ctx, "Site", nil)
		if err != nil {
			t.Fatal(err)
		}
		add := func(name string) *org.Task {
			t.Helper()
			task, err := s.AddTask(s.ctx, ana, p.ID, name, nil)
			if err != nil {
				t.Fatal(err)
			}
			return task
		}
		logged, timed, alone := add("Logged"), add("Timed"), add("Alone")
		e := tracking.EntryRow(bo, logged, tracking.NewEntry{TaskID: logged.ID, Date: "2026-03-02", Minutes: 30}, s.Now(), true)
		if err := s.db.Tx(s.ctx, func(ctx context.Context) error { return s.InsertEntries(ctx, []*tracking.Entry{e}) }); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartTimer(s.ctx, bo, timed.ID, ""); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name   string
			by     *auth.User
			task   *org.Task
			synced bool
			want   string
		}{
			{"the creator, alone on it", ana, alone, false, "ok"},
			{"the creator, after another logged time", ana, logged, false, "forbidden"},
			{"the creator, while another times it", ana, timed, false, "forbidden"},
			{"someone else", bo, alone, false, "forbidden"},
			{"a lead", lead, logged, false, "ok"},
			{"an admin", admin, timed, false, "ok"},
			{"an admin, on a synced task", admin, alone, true, "forbidden"},
			{"a task that is not there", admin, &org.Task{ID: "nothing"}, false, "not found"},
		}
		for _, c := range cases {
			name := "renamed by " + c.by.Name
			task, err := s.EditTask(s.ctx, c.by, c.task.ID, org.TaskChange{Name: &name}, c.synced)
			if storetest.Outcome(err) != c.want {
				t.Errorf("%s: %s, want %s", c.name, storetest.Outcome(err), c.want)
			}
			if err == nil && task.Name != name {
				t.Errorf("%s: the task is named %q", c.name, task.Name)
			}
		}
	})
}
