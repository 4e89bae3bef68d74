package frontend_test

import (
	"fmt"
	"testing"
)

// TestWeekNamesAnArchivedTask: the week shows the name of a task that the
// task search no longer offers (archived): the app reads the project's
// tasks, a page at a time ({items, next_cursor}).
func TestWeekNamesAnArchivedTask(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana Admin", "ana@example.com")
	_, task := api.projectAndTask("Website", "#0ea5e9", "Retired design")
	var e entry
	api.must("POST", "/entries", map[string]any{"task_id": task, "date": utcToday(), "minutes": 60}, 201, &e)
	api.must("PATCH", "/tasks/"+task, map[string]any{"archived": true}, 200, nil)

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/week")
	row := fmt.Sprintf(`.entry[data-id=%q]`, e.ID)
	b.waitFor("the entry", fmt.Sprintf(`document.querySelector(%s)`, jsString(row)))
	b.waitText(row, "Retired design")
}
