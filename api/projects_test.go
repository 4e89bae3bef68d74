package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

type projectView struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Color     string    `json:"color"`
	Archived  bool      `json:"archived"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

type taskView struct {
	ID           string    `json:"id"`
	ProjectID    string    `json:"project_id"`
	ProjectName  string    `json:"project_name"`
	ProjectColor string    `json:"project_color"`
	Name         string    `json:"name"`
	ExternalRef  string    `json:"external_ref"`
	Archived     bool      `json:"archived"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func TestProjects(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Ada")
		bob := env.CreateUser(admin, "Bob", "UTC")
		var p projectView
		env.Must(http.StatusCreated, "POST", "/api/v1/projects", admin.Token, map[string]any{"name": " Website ", "color": "#AABBCC"}).JSON(t, &p)
		want := projectView{ID: p.ID, Name: "Website", Color: "#aabbcc", CreatedAt: apitest.Monday, UpdatedAt: apitest.Monday}
		if diff := cmp.Diff(want, p); diff != "" || p.ID == "" {
			t.Errorf("project (-want +got):\n%s", diff)
		}
		var q projectView
		env.Must(http.StatusCreated, "POST", "/api/v1/projects", admin.Token, map[string]any{"name": "Admin"}).JSON(t, &q)
		if q.Color != "#4f46e5" {
			t.Errorf("default colour %q", q.Color)
		}
		for _, c := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"name": ""}, "name"},
			{map[string]any{"name": "X", "color": "red"}, "color"},
			{map[string]any{"name": "X", "color": "#abc"}, "color"},
		} {
			wantProblem(t, env.Do("POST", "/api/v1/projects", admin.Token, c.body), http.StatusUnprocessableEntity, c.field)
		}
		wantProblem(t, env.Do("POST", "/api/v1/projects", bob.Token, map[string]any{"name": "Mine"}), http.StatusForbidden)
		wantProblem(t, env.Do("PATCH", "/api/v1/projects/"+p.ID, bob.Token, map[string]any{"name": "Renamed"}), http.StatusForbidden)

		env.Clock.Advance(time.Minute)
		env.Must(http.StatusOK, "PATCH", "/api/v1/projects/"+p.ID, admin.Token, map[string]any{"name": "Web site", "archived": true}).JSON(t, &p)
		want.Name, want.Archived, want.UpdatedAt = "Web site", true, apitest.Monday.Add(time.Minute)
		if diff := cmp.Diff(want, p); diff != "" {
			t.Errorf("patched project (-want +got):\n%s", diff)
		}
		wantProblem(t, env.Do("PATCH", "/api/v1/projects/"+p.ID, admin.Token, map[string]any{"color": "blue"}), http.StatusUnprocessableEntity, "color")
		wantProblem(t, env.Do("PATCH", "/api/v1/projects/nope", admin.Token, map[string]any{"name": "x"}), http.StatusNotFound)

		// Everyone reads all projects, archived ones included, by name.
		var ps []projectView
		env.Must(http.StatusOK, "GET", "/api/v1/projects", bob.Token, nil).JSON(t, &ps)
		if diff := cmp.Diff([]projectView{q, p}, ps); diff != "" {
			t.Errorf("GET /projects (-want +got):\n%s", diff)
		}
	})
}

func TestTasks(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		web := w.project("Website")

		// Any user adds tasks.
		var task taskView
		w.Must(http.StatusCreated, "POST", "/api/v1/projects/"+web+"/tasks", bob.Token, map[string]any{"name": "Landing page", "external_ref": "CU-123"}).JSON(t, &task)
		want := taskView{ID: task.ID, ProjectID: web, ProjectName: "Website", ProjectColor: "#4f46e5", Name: "Landing page", ExternalRef: "CU-123",
			CreatedAt: apitest.Monday, UpdatedAt: apitest.Monday}
		if diff := cmp.Diff(want, task); diff != "" {
			t.Errorf("task (-want +got):\n%s", diff)
		}
		wantProblem(t, w.Do("POST", "/api/v1/projects/"+web+"/tasks", bob.Token, map[string]any{"name": " "}), http.StatusUnprocessableEntity, "name")
		wantProblem(t, w.Do("POST", "/api/v1/projects/nope/tasks", bob.Token, map[string]any{"name": "x"}), http.StatusNotFound)

		w.Clock.Advance(time.Minute)
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+task.ID, bob.Token, map[string]any{"name": "Landing", "external_ref": ""}).JSON(t, &task)
		want.Name, want.ExternalRef, want.UpdatedAt = "Landing", "", apitest.Monday.Add(time.Minute)
		if diff := cmp.Diff(want, task); diff != "" {
			t.Errorf("patched task (-want +got):\n%s", diff)
		}
		wantProblem(t, w.Do("PATCH", "/api/v1/tasks/nope", bob.Token, map[string]any{"name": "x"}), http.StatusNotFound)

		var listed struct {
			Items      []taskView `json:"items"`
			NextCursor *string    `json:"next_cursor"`
		}
		w.Must(http.StatusOK, "GET", "/api/v1/projects/"+web+"/tasks", bob.Token, nil).JSON(t, &listed)
		if diff := cmp.Diff([]taskView{task}, listed.Items); diff != "" || listed.NextCursor != nil {
			t.Errorf("project tasks (-want +got):\n%s", diff)
		}
		wantProblem(t, w.Do("GET", "/api/v1/projects/nope/tasks", bob.Token, nil), http.StatusNotFound)

		// An archived project takes no new tasks.
		w.Must(http.StatusOK, "PATCH", "/api/v1/projects/"+web, w.admin.Token, map[string]any{"archived": true})
		wantProblem(t, w.Do("POST", "/api/v1/projects/"+web+"/tasks", bob.Token, map[string]any{"name": "More"}), http.StatusConflict)
	})
}

func TestTaskSearch(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{}) // has "Build"
		p := w.project("Misc")
		for _, n := range []string{"100% done", "100 percent", "snake_case", "snakeXcase", "Back\\slash", "BUILD pipeline", "Été plans", "ÇA VA", "Straße"} {
			w.taskIn(p, n)
		}
		gone := w.taskIn(p, "Build archive")
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+gone, w.admin.Token, map[string]any{"archived": true})
		closed := w.project("Closed")
		w.taskIn(closed, "Build closed")
		w.Must(http.StatusOK, "PATCH", "/api/v1/projects/"+closed, w.admin.Token, map[string]any{"archived": true})

		search := func(q string) []string {
			t.Helper()
			var ts []taskView
			w.Must(http.StatusOK, "GET", "/api/v1/tasks?"+q, w.admin.Token, nil).JSON(t, &ts)
			out := []string{}
			for _, x := range ts {
				out = append(out, x.Name)
			}
			return out
		}
		cases := []struct {
			query string
			want  []string
		}{
			{"q=build", []string{"Build", "BUILD pipeline"}},
			{"q=BUILD", []string{"Build", "BUILD pipeline"}},
			{"q=%25", []string{"100% done"}},
			{"q=0%25", []string{"100% done"}},
			{"q=_", []string{"snake_case"}},
			{"q=E_C", []string{"snake_case"}},
			{"q=%5C", []string{"Back\\slash"}},
			{"q=ui", []string{"Build", "BUILD pipeline"}},
			{"q=nothing+like+it", []string{}},
			{"q=%C3%89T%C3%89", []string{"Été plans"}}, // ÉTÉ
			{"q=%C3%A9t%C3%A9", []string{"Été plans"}}, // été
			{"q=%C3%A7a", []string{"ÇA VA"}},           // ça
			{"q=STRA%C3%9FE", []string{"Straße"}},      // STRAßE
			{"", []string{"100 percent", "100% done", "Back\\slash", "Build", "BUILD pipeline", "snake_case", "snakeXcase", "Été plans", "ÇA VA", "Straße"}},
		}
		for _, c := range cases {
			// Results are ordered by name, and collations order case
			// differently: compare as sets.
			if diff := cmp.Diff(c.want, search(c.query), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("GET /tasks?%s (-want +got):\n%s", c.query, diff)
			}
		}
		if got := search("q=build&limit=1"); len(got) != 1 {
			t.Errorf("limit=1 gave %v", got)
		}
		wantProblem(t, w.Do("GET", "/api/v1/tasks?limit=-1", w.admin.Token, nil), http.StatusUnprocessableEntity, "limit")
		wantProblem(t, w.Do("GET", "/api/v1/tasks?limit=x", w.admin.Token, nil), http.StatusUnprocessableEntity, "limit")
	})
}

// A big project's tasks are searched and paged together: the search folds
// case in every script on both databases, and the cursor keeps the search.
func TestProjectTaskSearch(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		p := w.project("Big")
		for i := range 7 {
			w.taskIn(p, fmt.Sprintf("Été %d", i))
			w.taskIn(p, fmt.Sprintf("Winter %d", i))
		}
		other := w.project("Other")
		w.taskIn(other, "Été elsewhere")
		type page struct {
			Items      []taskView `json:"items"`
			NextCursor *string    `json:"next_cursor"`
		}
		var got []string
		cursor := ""
		for pages := 0; ; pages++ {
			if pages > 3 {
				t.Fatal("more pages than tasks")
			}
			var pg page
			w.Must(http.StatusOK, "GET", "/api/v1/projects/"+p+"/tasks?q="+url.QueryEscape("ÉTÉ")+"&limit=3&cursor="+url.QueryEscape(cursor), w.admin.Token, nil).JSON(t, &pg)
			for _, x := range pg.Items {
				got = append(got, x.Name)
			}
			if pg.NextCursor == nil {
				break
			}
			cursor = *pg.NextCursor
		}
		want := []string{"Été 0", "Été 1", "Été 2", "Été 3", "Été 4", "Été 5", "Été 6"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("search ÉTÉ in the project (-want +got):\n%s", diff)
		}
		wantProblem(t, w.Do("GET", "/api/v1/projects/"+p+"/tasks?q="+strings.Repeat("x", 201), w.admin.Token, nil), http.StatusUnprocessableEntity, "q")
	})
}
