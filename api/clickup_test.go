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

const clickupToken = "pk_8812_SECRETTOKENVALUE"

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
		// A hand-made webhook's secret is no longer taken; a webhook URL must be one.
		wantProblem(t, env.Do("POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{"901"}, "webhook_secret": "whsec-X"}), http.StatusUnprocessableEntity, "webhook_secret")
		for _, bad := range []string{"", "ftp://example.com/hook", "/api/v1/integrations/clickup/webhook", "https://user:pw@example.com/hook"} {
			wantProblem(t, env.Do("POST", "/api/v1/integrations/clickup", admin.Token,
				map[string]any{"token": clickupToken, "list_ids": []string{"901"}, "webhook_url": bad}), http.StatusUnprocessableEntity, "webhook_url")
		}
		if hooks := fake.Webhooks(); len(hooks) != 0 {
			t.Fatalf("refused connections made webhooks: %+v", hooks)
		}

		// Connecting makes the webhook in ClickUp, pointed at this server.
		r := env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{"901"}})
		hooks := fake.Webhooks()
		if len(hooks) != 1 || hooks[0].Endpoint != env.HTTP.URL+"/api/v1/integrations/clickup/webhook" ||
			fmt.Sprint(hooks[0].Events) != "[taskCreated taskUpdated taskStatusUpdated taskDeleted taskMoved]" {
			t.Fatalf("webhooks in ClickUp: %+v", hooks)
		}
		for _, secret := range []string{clickupToken, hooks[0].Secret} {
			if strings.Contains(string(r.Body), secret) {
				t.Errorf("the answer shows a secret: %s", r.Body)
			}
		}
		r.JSON(t, &st)
		if st["connected"] != true || st["team_id"] != fake.TeamID || st["webhook"] != true || fmt.Sprint(st["list_ids"]) != "[901]" ||
			st["webhook_url"] != hooks[0].Endpoint || st["webhook_error"] != nil || st["members"] != 1.0 || st["queued_events"] != 0.0 {
			t.Errorf("status = %v", st)
		}
		got := env.Must(http.StatusOK, "GET", "/api/v1/integrations/clickup", admin.Token, nil)
		if strings.Contains(string(got.Body), clickupToken) || strings.Contains(string(got.Body), hooks[0].Secret) {
			t.Errorf("GET shows a secret: %s", got.Body)
		}

		// At rest the token and the webhook's secret are sealed.
		var row struct{ TokenSealed, WebhookSealed, WebhookID string }
		if err := env.DB.R.Table("clickup_connections").Select("token_sealed, webhook_sealed, webhook_id").Take(&row).Error; err != nil {
			t.Fatal(err)
		}
		if row.TokenSealed == "" || row.WebhookSealed == "" || row.WebhookID != hooks[0].ID ||
			strings.Contains(row.TokenSealed, "SECRETTOKEN") || strings.Contains(row.WebhookSealed, hooks[0].Secret) {
			t.Errorf("stored in the clear: %+v", row)
		}
		for _, req := range fake.Requests() {
			if req.Authorization != clickupToken && req.Authorization != "pk_wrong" {
				t.Errorf("Authorization %q", req.Authorization)
			}
		}

		// Connecting again, with a URL of the admin's choice, replaces the
		// webhook: the old one is deleted in ClickUp.
		env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{"901"}, "webhook_url": "https://time.example.com/api/v1/integrations/clickup/webhook"})
		hooks = fake.Webhooks()
		if len(hooks) != 2 || !hooks[0].Deleted || hooks[1].Deleted || hooks[1].Endpoint != "https://time.example.com/api/v1/integrations/clickup/webhook" {
			t.Errorf("webhooks after connecting again: %+v", hooks)
		}

		// Disconnecting deletes the webhook in ClickUp and the connection;
		// a second time does nothing.
		env.Must(http.StatusNoContent, "DELETE", "/api/v1/integrations/clickup", admin.Token, nil)
		env.Must(http.StatusNoContent, "DELETE", "/api/v1/integrations/clickup", admin.Token, nil)
		if hooks = fake.Webhooks(); !hooks[1].Deleted {
			t.Errorf("the webhook survived disconnecting: %+v", hooks)
		}
		env.Must(http.StatusOK, "GET", "/api/v1/integrations/clickup", admin.Token, nil).JSON(t, &st)
		if st["connected"] != false || st["webhook"] != false {
			t.Errorf("status after disconnecting: %v", st)
		}
		var left int64
		env.DB.R.Table("clickup_connections").Count(&left)
		if left != 0 {
			t.Errorf("%d connections stored after disconnecting", left)
		}

		// ClickUp refusing the webhook does not refuse the connection: the
		// status says why there is none.
		fake.RefuseWebhooks("Endpoint not reachable")
		env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{"901"}}).JSON(t, &st)
		if st["connected"] != true || st["webhook"] != false || !strings.Contains(fmt.Sprint(st["webhook_error"]), "Endpoint not reachable") {
			t.Errorf("status without a webhook: %v", st)
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
		connectClickUp(t, env, admin, "901")
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

// signWith signs a body as ClickUp signs deliveries: hex HMAC-SHA256.
func signWith(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// TestClickUpWebhook: only deliveries signed with the secret ClickUp gave
// the webhook it made are taken; they are answered at once and applied in
// the background.
func TestClickUpWebhook(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := newClickUpEnv(t, dialect)
		hook := "/api/v1/integrations/clickup/webhook"
		body, _ := json.Marshal(map[string]any{"event": "taskCreated", "task_id": "86b1", "webhook_id": "7fa3ec74-69a8-4530-a251-8a13730bd204",
			"history_items": []any{map[string]any{"id": "2800763136717140857", "date": "1642734631523"}}})

		// Before a connection, nothing verifies.
		wantProblem(t, env.Do("POST", hook, "", body, "X-Signature", signWith("anything", body)), http.StatusUnauthorized)
		connectClickUp(t, env, admin, "901")
		secret := fake.Webhooks()[0].Secret
		for _, sig := range []string{"", "zz", signWith(secret, append(body, ' ')), strings.Repeat("0", 64), signWith("another secret", body)} {
			wantProblem(t, env.Do("POST", hook, "", body, "X-Signature", sig), http.StatusUnauthorized)
		}

		// A signed event is answered at once, even while ClickUp is slow,
		// and applied by fetching the task.
		fake.Put(clickuptest.Task{ID: "86b1", ListID: "901", Name: "From webhook", DateUpdated: 1767225600000})
		fake.Delay(300 * time.Millisecond)
		start := time.Now()
		env.Must(http.StatusOK, "POST", hook, "", body, "X-Signature", signWith(secret, body))
		env.Must(http.StatusOK, "POST", hook, "", body, "X-Signature", signWith(secret, body)) // a duplicate delivery
		if d := time.Since(start); d > 250*time.Millisecond {
			t.Errorf("the webhook took %s to answer", d)
		}
		waitFor(t, func() bool { return fmt.Sprint(clickupTasks(t, env, admin)) == "[86b1 From webhook]" })

		fake.Delay(0)
		fake.Put(clickuptest.Task{ID: "86b1", ListID: "901", Name: "Renamed", DateUpdated: 1767225700000, Status: "complete", StatusType: "closed"})
		sendEvent(t, env, fake, "taskStatusUpdated", "86b1")
		waitFor(t, func() bool { return fmt.Sprint(clickupTasks(t, env, admin)) == "[86b1 Renamed [archived]]" })

		// Reopened, then deleted: archived, never removed.
		fake.Put(clickuptest.Task{ID: "86b1", ListID: "901", Name: "Renamed", DateUpdated: 1767225800000})
		sendEvent(t, env, fake, "taskUpdated", "86b1")
		waitFor(t, func() bool { return fmt.Sprint(clickupTasks(t, env, admin)) == "[86b1 Renamed]" })
		fake.Put(clickuptest.Task{ID: "86b1", ListID: "901", Name: "Renamed", Deleted: true})
		sendEvent(t, env, fake, "taskDeleted", "86b1")
		sendEvent(t, env, fake, "taskDeleted", "86b1")
		waitFor(t, func() bool { return fmt.Sprint(clickupTasks(t, env, admin)) == "[86b1 Renamed [archived]]" })
		waitFor(t, func() bool { return queued(t, env) == 0 })
	})
}

// queued counts the events waiting in the webhook queue.
func queued(t *testing.T, env *apitest.Env) int64 {
	t.Helper()
	var n int64
	if err := env.DB.R.Table("clickup_webhook_events").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
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

// connectClickUp connects the fake's lists as the admin; ClickUp makes
// the webhook, pointed at the server under test.
func connectClickUp(t *testing.T, env *apitest.Env, admin *apitest.User, lists ...string) {
	t.Helper()
	env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
		map[string]any{"token": clickupToken, "list_ids": lists})
}

// sendEvent has the fake deliver a signed task event to the webhook it made.
func sendEvent(t *testing.T, env *apitest.Env, fake *clickuptest.Server, event, taskID string) {
	t.Helper()
	codes, err := fake.Send(event, taskID)
	if err != nil || fmt.Sprint(codes) != "[200]" {
		t.Fatalf("delivering %s of %s: %v %v", event, taskID, codes, err)
	}
}
