package api_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/clickup/clickuptest"
	"github.com/timestreak/timestreak/database/dbtest"
)

const (
	clickupToken  = "pk_8812_SECRETTOKENVALUE"
	webhookSecret = "whsec-ABCDEF0123456789"
)

type cuTask struct {
	ID          string `json:"id"`
	ProjectID   string `json:"project_id"`
	Name        string `json:"name"`
	ExternalRef string `json:"external_ref"`
	Archived    bool   `json:"archived"`
}

// clickupTasks lists the tasks of the project ClickUp list 901 fills, as
// "ref name [archived]" lines, sorted.
func clickupTasks(t *testing.T, env *apitest.Env, admin *apitest.User) []string {
	t.Helper()
	var out []string
	for _, line := range syncedTasks(t, env, admin) {
		if task, ok := strings.CutSuffix(line, " @Backlog"); ok {
			out = append(out, task)
		}
	}
	sort.Strings(out)
	return out
}

func newClickUpEnv(t *testing.T, dialect string) (*apitest.Env, *clickuptest.Server, *apitest.User) {
	fake := clickuptest.New(t, clickupToken)
	fake.AddList("901", "Backlog")
	env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday, ClickUpAPI: fake.URL()})
	return env, fake, env.Register("Ana")
}

func TestClickUpConnect(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := newClickUpEnv(t, dialect)
		var st map[string]any
		env.Must(http.StatusOK, "GET", "/api/v1/integrations/clickup", admin.Token, nil).JSON(t, &st)
		if st["connected"] != false {
			t.Errorf("status before connecting: %v", st)
		}

		// ClickUp refuses the token: 422 with ClickUp's reason.
		p := wantProblem(t, env.Do("POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": "pk_wrong", "list_ids": []string{"901"}}), http.StatusUnprocessableEntity, "token")
		if !strings.Contains(fmt.Sprint(p.Errors), "Token invalid") {
			t.Errorf("errors = %v, want ClickUp's reason", p.Errors)
		}
		// An unknown list: 422 naming list_ids.
		wantProblem(t, env.Do("POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{"404"}}), http.StatusUnprocessableEntity, "list_ids")
		wantProblem(t, env.Do("POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{}}), http.StatusUnprocessableEntity, "list_ids")

		r := env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{"901"}, "webhook_secret": webhookSecret})
		for _, secret := range []string{clickupToken, webhookSecret} {
			if strings.Contains(string(r.Body), secret) {
				t.Errorf("the answer shows a secret: %s", r.Body)
			}
		}
		r.JSON(t, &st)
		if st["connected"] != true || st["team_id"] != fake.TeamID || st["webhook"] != true || fmt.Sprint(st["list_ids"]) != "[901]" {
			t.Errorf("status = %v", st)
		}
		got := env.Must(http.StatusOK, "GET", "/api/v1/integrations/clickup", admin.Token, nil)
		if strings.Contains(string(got.Body), clickupToken) {
			t.Errorf("GET shows the token: %s", got.Body)
		}

		// At rest the token and the webhook secret are sealed.
		var row struct{ TokenSealed, WebhookSealed string }
		if err := env.DB.R.Table("clickup_connections").Select("token_sealed, webhook_sealed").Take(&row).Error; err != nil {
			t.Fatal(err)
		}
		if row.TokenSealed == "" || strings.Contains(row.TokenSealed, "SECRETTOKEN") || strings.Contains(row.WebhookSealed, "ABCDEF") {
			t.Errorf("stored in the clear: %+v", row)
		}
		for _, req := range fake.Requests() {
			if req.Authorization != clickupToken && req.Authorization != "pk_wrong" {
				t.Errorf("Authorization %q", req.Authorization)
			}
		}
	})
}

func TestClickUpSync(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := newClickUpEnv(t, dialect)
		fake.PageSize = 2
		const t0 = 1767225600000 // 2026-01-01
		fake.Put(clickuptest.Task{ID: "86a1", ListID: "901", Name: "Design", DateUpdated: t0})
		fake.Put(clickuptest.Task{ID: "86a2", ListID: "901", Name: "Build", DateUpdated: t0, Status: "in progress", StatusType: "custom"})
		fake.Put(clickuptest.Task{ID: "86a3", ListID: "901", Name: "Ship", DateUpdated: t0, Status: "complete", StatusType: "closed"})
		fake.Put(clickuptest.Task{ID: "86a4", ListID: "901", Name: "Old", DateUpdated: t0, Archived: true})
		fake.Put(clickuptest.Task{ID: "86a5", ListID: "901", Name: "Write docs", DateUpdated: t0})

		// Without a connection the job does nothing.
		env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
		if n := len(fake.Requests()); n != 0 {
			t.Fatalf("%d requests without a connection", n)
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{"901"}})
		before := len(fake.Requests())
		r := env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
		if strings.Contains(string(r.Body), "last_error\":\"") {
			t.Fatalf("job failed: %s", r.Body)
		}
		want := []string{"86a1 Design", "86a2 Build", "86a3 Ship [archived]", "86a5 Write docs"}
		if got := clickupTasks(t, env, admin); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("after the first sync: %q, want %q", got, want)
		}
		var pages []string
		for _, req := range fake.Requests()[before:] {
			if strings.HasSuffix(req.Path, "/list/901/task") {
				pages = append(pages, req.RawQuery)
				if !strings.Contains(req.RawQuery, "include_closed=true") || strings.Contains(req.RawQuery, "date_updated_gt") {
					t.Errorf("first sync query %q", req.RawQuery)
				}
			}
		}
		if len(pages) != 2 {
			t.Errorf("first sync read %d pages, want 2: %q", len(pages), pages)
		}

		// Mia logs time on Design; then in ClickUp Design is renamed and
		// closed, Build reopened-as-open is renamed, and the next run is
		// incremental.
		mia := env.CreateUser(admin, "Mia", "UTC")
		var design cuTask
		for _, tk := range taskList(t, env, admin) {
			if tk.ExternalRef == "86a1" {
				design = tk
			}
		}
		entry := env.Log(mia, design.ID, "2026-03-02", 30)
		env.Set(env.Clock.Now().Add(10 * time.Minute))
		now := env.Clock.Now().UnixMilli()
		fake.Put(clickuptest.Task{ID: "86a1", ListID: "901", Name: "Design v2", DateUpdated: now, Status: "complete", StatusType: "closed"})
		fake.Put(clickuptest.Task{ID: "86a3", ListID: "901", Name: "Ship it", DateUpdated: now, Status: "to do", StatusType: "open"})
		fake.Put(clickuptest.Task{ID: "86a6", ListID: "901", Name: "New", DateUpdated: now})
		before = len(fake.Requests())
		env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
		want = []string{"86a1 Design v2 [archived]", "86a2 Build", "86a3 Ship it", "86a5 Write docs", "86a6 New"}
		if got := clickupTasks(t, env, admin); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("after the second sync: %q, want %q", got, want)
		}
		for _, req := range fake.Requests()[before:] {
			if strings.HasSuffix(req.Path, "/task") && !strings.Contains(req.RawQuery, "date_updated_gt=") {
				t.Errorf("second sync is not incremental: %q", req.RawQuery)
			}
		}
		var e struct {
			TaskID string `json:"task_id"`
		}
		env.Must(http.StatusOK, "GET", "/api/v1/entries/"+entry, mia.Token, nil).JSON(t, &e)
		if e.TaskID != design.ID {
			t.Errorf("the entry moved to task %s", e.TaskID)
		}

		// Running again changes nothing.
		env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
		if got := clickupTasks(t, env, admin); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("after a third sync: %q", got)
		}

		// A rate-limited page is waited for (X-RateLimit-Reset) and read again.
		fake.RateLimit(1, time.Second)
		r = env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
		if strings.Contains(string(r.Body), "last_error\":\"") {
			t.Errorf("rate-limited sync failed: %s", r.Body)
		}
	})
}

func taskList(t *testing.T, env *apitest.Env, admin *apitest.User) []cuTask {
	t.Helper()
	var ts []cuTask
	env.Must(http.StatusOK, "GET", "/api/v1/tasks?q=", admin.Token, nil).JSON(t, &ts)
	return ts
}

func signWebhook(body []byte) string {
	mac := hmac.New(sha256.New, []byte(webhookSecret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

func TestClickUpWebhook(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := newClickUpEnv(t, dialect)
		hook := "/api/v1/integrations/clickup/webhook"
		body, _ := json.Marshal(map[string]any{"event": "taskCreated", "task_id": "86b1", "webhook_id": "7fa3ec74-69a8-4530-a251-8a13730bd204",
			"history_items": []any{map[string]any{"id": "2800763136717140857", "date": "1642734631523"}}})

		// Before a connection with a webhook secret, nothing verifies.
		wantProblem(t, env.Do("POST", hook, "", body, "X-Signature", signWebhook(body)), http.StatusUnauthorized)
		env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{"901"}, "webhook_secret": webhookSecret})
		for _, sig := range []string{"", "zz", signWebhook(append(body, ' ')), strings.Repeat("0", 64)} {
			wantProblem(t, env.Do("POST", hook, "", body, "X-Signature", sig), http.StatusUnauthorized)
		}

		// A signed event is answered at once, even while ClickUp is slow,
		// and applied by fetching the task.
		fake.Put(clickuptest.Task{ID: "86b1", ListID: "901", Name: "From webhook", DateUpdated: 1767225600000})
		fake.Delay(300 * time.Millisecond)
		start := time.Now()
		env.Must(http.StatusOK, "POST", hook, "", body, "X-Signature", signWebhook(body))
		env.Must(http.StatusOK, "POST", hook, "", body, "X-Signature", signWebhook(body)) // a duplicate delivery
		if d := time.Since(start); d > 250*time.Millisecond {
			t.Errorf("the webhook took %s to answer", d)
		}
		waitFor(t, func() bool { return fmt.Sprint(clickupTasks(t, env, admin)) == "[86b1 From webhook]" })

		fake.Delay(0)
		fake.Put(clickuptest.Task{ID: "86b1", ListID: "901", Name: "Renamed", DateUpdated: 1767225700000, Status: "complete", StatusType: "closed"})
		ev, _ := json.Marshal(map[string]any{"event": "taskStatusUpdated", "task_id": "86b1"})
		env.Must(http.StatusOK, "POST", hook, "", ev, "X-Signature", signWebhook(ev))
		waitFor(t, func() bool { return fmt.Sprint(clickupTasks(t, env, admin)) == "[86b1 Renamed [archived]]" })

		// Reopened, then deleted: archived, never removed.
		fake.Put(clickuptest.Task{ID: "86b1", ListID: "901", Name: "Renamed", DateUpdated: 1767225800000})
		ev, _ = json.Marshal(map[string]any{"event": "taskUpdated", "task_id": "86b1"})
		env.Must(http.StatusOK, "POST", hook, "", ev, "X-Signature", signWebhook(ev))
		waitFor(t, func() bool { return fmt.Sprint(clickupTasks(t, env, admin)) == "[86b1 Renamed]" })
		fake.Put(clickuptest.Task{ID: "86b1", ListID: "901", Name: "Renamed", Deleted: true})
		ev, _ = json.Marshal(map[string]any{"event": "taskDeleted", "task_id": "86b1"})
		env.Must(http.StatusOK, "POST", hook, "", ev, "X-Signature", signWebhook(ev))
		env.Must(http.StatusOK, "POST", hook, "", ev, "X-Signature", signWebhook(ev))
		waitFor(t, func() bool { return fmt.Sprint(clickupTasks(t, env, admin)) == "[86b1 Renamed [archived]]" })
	})
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for the webhook to be applied")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// connectClickUp connects the fake's lists as the admin.
func connectClickUp(t *testing.T, env *apitest.Env, admin *apitest.User, lists ...string) {
	t.Helper()
	env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
		map[string]any{"token": clickupToken, "list_ids": lists, "webhook_secret": webhookSecret})
}

// sendEvent delivers a signed task event to the webhook.
func sendEvent(t *testing.T, env *apitest.Env, fake *clickuptest.Server, event, taskID string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"event": event, "task_id": taskID, "webhook_id": "7fa3ec74-69a8-4530-a251-8a13730bd204"})
	env.Must(http.StatusOK, "POST", "/api/v1/integrations/clickup/webhook", "", body, "X-Signature", signWebhook(body))
}
