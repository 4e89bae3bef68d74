package api_test

import (
	"net/http"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestArchivingReachesTheWritePath: the entry write path keeps recently
// used tasks, so archiving a task, or its project, right after using it
// must still refuse the next entry.
func TestArchivingReachesTheWritePath(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Admin")
		task := env.Task(admin, "Soon archived")
		env.Log(admin, task, "2026-03-02", 10) // the task is now cached
		env.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+task, admin.Token, map[string]any{"archived": true})
		env.Must(http.StatusUnprocessableEntity, "POST", "/api/v1/entries", admin.Token,
			map[string]any{"task_id": task, "date": "2026-03-02", "minutes": 10})

		var p, other struct {
			ID        string `json:"id"`
			ProjectID string `json:"project_id"`
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/projects", admin.Token, map[string]string{"name": "Closing"}).JSON(t, &p)
		env.Must(http.StatusCreated, "POST", "/api/v1/projects/"+p.ID+"/tasks", admin.Token, map[string]string{"name": "Last task"}).JSON(t, &other)
		env.Log(admin, other.ID, "2026-03-02", 10)
		env.Must(http.StatusOK, "PATCH", "/api/v1/projects/"+p.ID, admin.Token, map[string]any{"archived": true})
		env.Must(http.StatusUnprocessableEntity, "POST", "/api/v1/entries", admin.Token,
			map[string]any{"task_id": other.ID, "date": "2026-03-02", "minutes": 10})
	})
}
