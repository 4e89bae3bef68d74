package api_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/clickup/clickuptest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// syncedTasks lists the tasks of every ClickUp project as "ref name
// [archived] @project" lines, sorted.
func syncedTasks(t *testing.T, env *apitest.Env, admin *apitest.User) []string {
	t.Helper()
	var projects []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	env.Must(http.StatusOK, "GET", "/api/v1/projects", admin.Token, nil).JSON(t, &projects)
	var out []string
	for _, p := range projects {
		if !strings.HasSuffix(p.Name, " (ClickUp)") {
			continue
		}
		var page struct{ Items []cuTask }
		env.Must(http.StatusOK, "GET", "/api/v1/projects/"+p.ID+"/tasks?limit=1000", admin.Token, nil).JSON(t, &page)
		for _, tk := range page.Items {
			line := tk.ExternalRef + " " + tk.Name
			if tk.Archived {
				line += " [archived]"
			}
			out = append(out, line+" @"+strings.TrimSuffix(p.Name, " (ClickUp)"))
		}
	}
	sort.Strings(out)
	return out
}

// listsWorld: lists 901 Backlog and 903 Roadmap are chosen, 902 Elsewhere
// is not. 86a1 lives in Backlog with its subtask 86a2; 86a3 lives in
// Elsewhere and was added to Backlog; 86a4 is only in Elsewhere; 86a5
// lives in Backlog and was added to Roadmap; 86a6 is archived. None but
// 86a6 carries an "archived" field, as the reference's tasks do not.
func listsWorld(t *testing.T, dialect string) (*apitest.Env, *clickuptest.Server, *apitest.User) {
	t.Helper()
	env, fake, admin := newClickUpEnv(t, dialect)
	fake.AddList("902", "Elsewhere")
	fake.AddList("903", "Roadmap")
	const t0 = 1767225600000
	fake.Put(clickuptest.Task{ID: "86a1", ListID: "901", Name: "Design", DateUpdated: t0})
	fake.Put(clickuptest.Task{ID: "86a2", ListID: "901", Parent: "86a1", Name: "Design: icons", DateUpdated: t0})
	fake.Put(clickuptest.Task{ID: "86a3", ListID: "902", Locations: []string{"901"}, Name: "Shared", DateUpdated: t0})
	fake.Put(clickuptest.Task{ID: "86a4", ListID: "902", Name: "Not ours", DateUpdated: t0})
	fake.Put(clickuptest.Task{ID: "86a5", ListID: "901", Locations: []string{"903"}, Name: "Twice", DateUpdated: t0})
	fake.Put(clickuptest.Task{ID: "86a6", ListID: "901", Name: "Old", DateUpdated: t0, Archived: true})
	connectClickUp(t, env, admin, "901", "903")
	env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
	return env, fake, admin
}

// TestClickUpSubtasksAndTasksInSeveralLists: the sync asks for subtasks
// and for tasks added from other lists; a task in two chosen lists has one
// twin; a task only in a list that was not chosen has none.
func TestClickUpSubtasksAndTasksInSeveralLists(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := listsWorld(t, dialect)
		want := []string{"86a1 Design @Backlog", "86a2 Design: icons @Backlog", "86a3 Shared @Backlog", "86a5 Twice @Backlog"}
		if got := syncedTasks(t, env, admin); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("synced %q, want %q", got, want)
		}
		for _, r := range fake.Requests() {
			if strings.HasSuffix(r.Path, "/task") && (!strings.Contains(r.RawQuery, "subtasks=true") || !strings.Contains(r.RawQuery, "include_timl=true")) {
				t.Errorf("Get Tasks without subtasks and include_timl: %q", r.RawQuery)
			}
		}
	})
}

// TestClickUpTaskMoved: a taskMoved event archives the twin of a task that
// left every chosen list, leaves one still in a chosen list alone, and
// brings back one that returned.
func TestClickUpTaskMoved(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := listsWorld(t, dialect)
		const t1 = 1767225700000
		fake.Put(clickuptest.Task{ID: "86a3", ListID: "902", Name: "Shared", DateUpdated: t1})                            // removed from Backlog
		fake.Put(clickuptest.Task{ID: "86a5", ListID: "902", Locations: []string{"903"}, Name: "Twice", DateUpdated: t1}) // still in Roadmap
		fake.Put(clickuptest.Task{ID: "86a1", ListID: "902", Name: "Design", DateUpdated: t1})                            // moved away
		for _, id := range []string{"86a3", "86a5", "86a1"} {
			sendEvent(t, env, fake, "taskMoved", id)
		}
		want := []string{"86a1 Design [archived] @Backlog", "86a2 Design: icons @Backlog", "86a3 Shared [archived] @Backlog", "86a5 Twice @Backlog"}
		waitFor(t, func() bool { return fmt.Sprint(syncedTasks(t, env, admin)) == fmt.Sprint(want) })

		fake.Put(clickuptest.Task{ID: "86a1", ListID: "903", Name: "Design", DateUpdated: t1 + 1}) // moved to Roadmap
		sendEvent(t, env, fake, "taskMoved", "86a1")
		want[0] = "86a1 Design @Backlog" // back, in the project it was made in
		waitFor(t, func() bool { return fmt.Sprint(syncedTasks(t, env, admin)) == fmt.Sprint(want) })
	})
}

// TestClickUpFullSyncArchivesTasksThatLeftTheLists: a full sync (the first
// after connecting) archives the twins of tasks that no chosen list holds
// any more, or that the token can no longer see.
func TestClickUpFullSyncArchivesTasksThatLeftTheLists(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := listsWorld(t, dialect)
		const t1 = 1767225700000
		fake.Put(clickuptest.Task{ID: "86a3", ListID: "902", Name: "Shared", DateUpdated: t1})
		fake.Put(clickuptest.Task{ID: "86a5", ListID: "902", Locations: []string{"903"}, Name: "Twice", DateUpdated: t1})
		fake.Put(clickuptest.Task{ID: "86a2", ListID: "901", Parent: "86a1", Name: "Design: icons", DateUpdated: t1, Unreachable: true})
		connectClickUp(t, env, admin, "901", "903")
		env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
		want := []string{"86a1 Design @Backlog", "86a2 Design: icons [archived] @Backlog", "86a3 Shared [archived] @Backlog", "86a5 Twice @Backlog"}
		if got := syncedTasks(t, env, admin); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("after the full sync %q, want %q", got, want)
		}
	})
}

// TestClickUpTaskOutOfReach: ClickUp's 401 "Team not authorized" for one
// task the token cannot see is that task gone, not a broken connection:
// its twin is archived and other events still apply.
func TestClickUpTaskOutOfReach(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := listsWorld(t, dialect)
		fake.Put(clickuptest.Task{ID: "86a5", ListID: "901", Locations: []string{"903"}, Name: "Twice", DateUpdated: 1767225700000, Unreachable: true})
		fake.Put(clickuptest.Task{ID: "86a1", ListID: "901", Name: "Design v2", DateUpdated: 1767225700000})
		sendEvent(t, env, fake, "taskUpdated", "86a5")
		sendEvent(t, env, fake, "taskUpdated", "86a1")
		want := []string{"86a1 Design v2 @Backlog", "86a2 Design: icons @Backlog", "86a3 Shared @Backlog", "86a5 Twice [archived] @Backlog"}
		waitFor(t, func() bool { return fmt.Sprint(syncedTasks(t, env, admin)) == fmt.Sprint(want) })

		// A revoked token is a broken connection, not a task gone: nothing
		// is archived, and the event stays queued with the reason.
		fake.SetToken("pk_8812_NEWTOKEN")
		sendEvent(t, env, fake, "taskUpdated", "86a3")
		waitFor(t, func() bool {
			var e struct{ Attempts int }
			env.DB.R.Table("clickup_webhook_events").Select("attempts").Where("task_id = ? AND last_error LIKE ?", "86a3", "%Token invalid%").Scan(&e)
			return e.Attempts == 1
		})
		if got := syncedTasks(t, env, admin); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("after an event with a revoked token: %q, want %q", got, want)
		}
	})
}
