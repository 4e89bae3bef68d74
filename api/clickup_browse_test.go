package api_test

import (
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/clickup/clickuptest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// Before connecting, the admin sees the lists the token reaches, with
// their space and folder, to pick them by name; a refused token is a 422
// with ClickUp's reason, and nothing is stored.
func TestClickUpBrowseLists(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := newClickUpEnv(t, dialect)
		fake.AddList("902", "Sprint 12")
		fake.PutInFolder("902")
		type listRef struct{ ID, Name, Space, Folder string }
		var ws struct {
			TeamID   string    `json:"team_id"`
			TeamName string    `json:"team_name"`
			Lists    []listRef `json:"lists"`
		}
		env.Must(http.StatusOK, "POST", "/api/v1/integrations/clickup/lists", admin.Token, map[string]any{"token": " " + clickupToken + " "}).JSON(t, &ws)
		want := []listRef{
			{ID: "902", Name: "Sprint 12", Space: clickuptest.SpaceName, Folder: clickuptest.FolderName},
			{ID: "901", Name: "Backlog", Space: clickuptest.SpaceName},
		}
		if diff := cmp.Diff(want, ws.Lists); diff != "" || ws.TeamID == "" || ws.TeamName == "" {
			t.Errorf("workspace %s %q, lists (-want +got):\n%s", ws.TeamID, ws.TeamName, diff)
		}
		wantProblem(t, env.Do("POST", "/api/v1/integrations/clickup/lists", admin.Token, map[string]any{"token": "pk_wrong"}), http.StatusUnprocessableEntity, "token")
		wantProblem(t, env.Do("POST", "/api/v1/integrations/clickup/lists", admin.Token, map[string]any{}), http.StatusUnprocessableEntity, "token")
		var st map[string]any
		env.Must(http.StatusOK, "GET", "/api/v1/integrations/clickup", admin.Token, nil).JSON(t, &st)
		if st["connected"] != false {
			t.Errorf("browsing connected: %v", st)
		}
	})
}
