package org_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/tracking/org"
	"github.com/timestreak/timestreak/tracking/store/storetest"
)

// TestProjects: a project's name and colour are checked, a task goes only
// into a live project, and archiving a project or a task takes its tasks
// out of logging and of the search.
func TestProjects(t *testing.T) {
	each(t, org.Config{}, func(t *testing.T, s *fixture) {
		for _, c := range []struct {
			name, project string
			color         *string
			want          string
		}{
			{"the default colour", "Web", nil, "ok"},
			{"a colour", "App", ptr("#00ff00"), "ok"},
			{"no name", " ", nil, "invalid"},
			{"too long a name", strings.Repeat("x", 201), nil, "invalid"},
			{"not a colour", "Bad", ptr("green"), "invalid"},
		} {
			p, err := s.CreateProject(s.ctx, c.project, c.color)
			if storetest.Outcome(err) != c.want {
				t.Errorf("%s: %s, want %s", c.name, storetest.Outcome(err), c.want)
			}
			if err == nil && c.color == nil && p.Color != org.DefaultColor {
				t.Errorf("%s: colour %q", c.name, p.Color)
			}
		}

		p, _ := s.CreateProject(s.ctx, "Site", nil)
		kept, err := s.CreateTask(s.ctx, p.ID, "Design", nil)
		if err != nil {
			t.Fatal(err)
		}
		archived, err := s.CreateTask(s.ctx, p.ID, "Design review", nil)
		if err != nil {
			t.Fatal(err)
		}
		if kept.ProjectName != "Site" {
			t.Errorf("the task's project name %q", kept.ProjectName)
		}
		if _, err := s.UpdateTask(s.ctx, archived.ID, org.TaskChange{Archived: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LiveTask(s.ctx, archived.ID); storetest.Outcome(err) != "invalid" {
			t.Errorf("logging on an archived task: %s", storetest.Outcome(err))
		}
		if found := taskNames(s.SearchTasks(s.ctx, "design", 10)); !slices.Equal(found, []string{"Design"}) {
			t.Errorf("search found %v", found)
		}
		if _, err := s.UpdateProject(s.ctx, p.ID, org.ProjectChange{Archived: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.LiveTask(s.ctx, kept.ID); storetest.Outcome(err) != "invalid" {
			t.Errorf("logging on a task of an archived project: %s", storetest.Outcome(err))
		}
		if found := taskNames(s.SearchTasks(s.ctx, "design", 10)); len(found) != 0 {
			t.Errorf("search found %v in an archived project", found)
		}
		if _, err := s.CreateTask(s.ctx, p.ID, "Late", nil); storetest.Outcome(err) != "conflict" {
			t.Errorf("a task in an archived project: %s", storetest.Outcome(err))
		}
		if _, err := s.CreateTask(s.ctx, "missing", "Late", nil); storetest.Outcome(err) != "not found" {
			t.Errorf("a task in no project: %s", storetest.Outcome(err))
		}
		if ts, _, err := s.ProjectTasks(s.ctx, p.ID, "", 0, ""); err != nil || len(ts) != 2 {
			t.Errorf("an archived project still lists its tasks: %v, %v", ts, err)
		}
	})
}

// TestTaskSearch: search ignores case in every script on both databases
// ("ÉTÉ" finds "été"), takes % and _ literally, and pages a project's tasks
// by name.
func TestTaskSearch(t *testing.T) {
	each(t, org.Config{}, func(t *testing.T, s *fixture) {
		p, _ := s.CreateProject(s.ctx, "Seasons", nil)
		for _, name := range []string{"Été 2026", "Plan de l'été", "Winter", "100% done", "snake_case", "Straße"} {
			if _, err := s.CreateTask(s.ctx, p.ID, name, nil); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"ÉTÉ", []string{"Plan de l'été", "Été 2026"}},
			{"été", []string{"Plan de l'été", "Été 2026"}},
			{"ete", nil},
			{"WINTER", []string{"Winter"}},
			{"%", []string{"100% done"}},
			{"_", []string{"snake_case"}},
			{"STRASSE", nil},
			{"STRAßE", []string{"Straße"}},
			{"", []string{"100% done", "Plan de l'été", "Straße", "Winter", "snake_case", "Été 2026"}},
		} {
			if got := taskNames(s.SearchTasks(s.ctx, c.q, 10)); !sameSet(got, c.want) {
				t.Errorf("search %q: %v, want %v", c.q, got, c.want)
			}
			ts, _, err := s.ProjectTasks(s.ctx, p.ID, c.q, 0, "")
			if got := taskNames(ts, err); !sameSet(got, c.want) {
				t.Errorf("project's tasks %q: %v, want %v", c.q, got, c.want)
			}
		}
		var pages [][]string
		cursor := ""
		for {
			ts, next, err := s.ProjectTasks(s.ctx, p.ID, "", 4, cursor)
			pages = append(pages, taskNames(ts, err))
			if next == "" {
				break
			}
			cursor = next
		}
		if len(pages) != 2 || len(pages[0]) != 4 || len(pages[1]) != 2 {
			t.Errorf("pages %v", pages)
		}
		if _, _, err := s.ProjectTasks(s.ctx, p.ID, "", 4, "not a cursor"); storetest.Outcome(err) != "invalid" {
			t.Errorf("a made-up cursor: %s", storetest.Outcome(err))
		}
		if _, _, err := s.ProjectTasks(s.ctx, p.ID, "", -1, ""); storetest.Outcome(err) != "invalid" {
			t.Errorf("a negative limit: %s", storetest.Outcome(err))
		}
	})
}

func taskNames(ts []org.Task, err error) []string {
	if err != nil {
		return []string{"error: " + err.Error()}
	}
	names := []string{}
	for _, t := range ts {
		names = append(names, t.Name)
	}
	return names
}

// sameSet compares as sets: the databases order accented names apart.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return len(a) == len(b) && (len(a) == 0 || slices.Equal(a, b))
}
