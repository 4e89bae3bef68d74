package clickup_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/clickup/clickuptest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestSyncCrashBetweenTaskAndLink: a sync that stops between creating a
// task's twin and linking it leaves neither, so the next sync makes exactly
// one twin per ClickUp task (a closed one archived), not a second.
func TestSyncCrashBetweenTaskAndLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		const token = "pk_1_CRASHTEST"
		fake := clickuptest.New(t, token)
		fake.AddList("901", "Backlog")
		env := apitest.New(t, dialect, apitest.Options{ClickUpAPI: fake.URL()})
		admin := env.Register("Ana")
		const t0 = 1767225600000
		fake.Put(clickuptest.Task{ID: "86a1", ListID: "901", Name: "Design", DateUpdated: t0})
		fake.Put(clickuptest.Task{ID: "86a3", ListID: "901", Name: "Ship", DateUpdated: t0, Status: "complete", StatusType: "closed"})
		env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": token, "list_ids": []string{"901"}})

		crash := errors.New("crash")
		clickup.SetAfterTwin(env.ClickUp, func() error { return crash })
		ctx := context.Background()
		if err := env.ClickUp.Sync(ctx); !errors.Is(err, crash) {
			t.Fatalf("sync with a crash after the first twin: %v", err)
		}
		if n := twins(t, env, ""); n != 0 {
			t.Fatalf("%d twin tasks after the crash, want 0 (the twin without its link rolls back)", n)
		}
		clickup.SetAfterTwin(env.ClickUp, nil)
		for range 2 {
			if err := env.ClickUp.Sync(ctx); err != nil {
				t.Fatalf("sync: %v", err)
			}
		}
		if a, b := twins(t, env, "86a1"), twins(t, env, "86a3"); a != 1 || b != 1 {
			t.Errorf("twins of 86a1: %d, of 86a3: %d; want one each", a, b)
		}
		var archived int64
		env.DB.R.Table("tasks").Where("external_ref = ? AND archived = ?", "86a3", true).Count(&archived)
		if archived != 1 {
			t.Errorf("the closed task's twin is not archived")
		}
		var links int64
		env.DB.R.Table("clickup_tasks").Count(&links)
		if links != 2 {
			t.Errorf("%d links, want 2", links)
		}
	})
}

// twins counts the tasks with the external reference (any when ref is "").
func twins(t *testing.T, env *apitest.Env, ref string) int64 {
	t.Helper()
	q := env.DB.R.Table("tasks").Where("external_ref <> ''")
	if ref != "" {
		q = q.Where("external_ref = ?", ref)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
