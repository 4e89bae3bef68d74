package frontend_test

import (
	"strings"
	"testing"

	"github.com/timestreak/timestreak/clickup/clickuptest"
)

// TestClickUpConsole: the admin connects ClickUp from the web app against
// the fake ClickUp (a refused token shows by its field, lists are picked
// by name), sees the workspace and the last sync, syncs now, and
// disconnects after one question; a member opts in to pushing their time
// under Profile.
func TestClickUpConsole(t *testing.T) {
	t.Parallel()
	const token = "pk_183_TESTTOKEN"
	fake := clickuptest.New(t, token)
	fake.AddList("901", "Backlog")
	fake.AddList("902", "Sprint 12")
	fake.PutInFolder("902")
	fake.Put(clickuptest.Task{ID: "86a1", ListID: "901", Name: "Design homepage", Status: "to do", StatusType: "open", DateUpdated: 1767225600000})
	fake.AddMember(clickuptest.Member{ID: 201, Username: "Mia", Email: "mia@example.com"})
	srv := startServer(t, "TIMESTREAK_CLICKUP_API="+fake.URL())
	admin := srv.register(t, "Ana Admin", "ana@example.com")
	admin.must("POST", "/users", map[string]any{"name": "Mia Member", "email": "mia@example.com", "password": password}, 201, nil)

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/admin/teams")
	tap(b, `.console-nav a[href="/admin/clickup"]`)
	b.waitText("main h1", "Connect ClickUp")
	b.checkA11y("clickup, connect")
	b.shoot("console-clickup-connect")
	b.shootDark("console-clickup-connect-dark")

	b.typeInto(`#clickup-connect input[name=token]`, "pk_wrong")
	tap(b, `#clickup-connect button[type=button]`)
	b.waitFor("the token's error", `document.querySelector('#clickup-connect input[name=token]').getAttribute('aria-invalid') === 'true'`)
	b.setValue(`#clickup-connect input[name=token]`, token)
	tap(b, `#clickup-connect button[type=button]`)
	b.waitText("#clickup-lists", "Product / Sprints / Sprint 12")
	b.waitText("#clickup-lists", "Product / Backlog")
	b.checkA11y("clickup, lists")
	b.shoot("console-clickup-lists")
	tap(b, `#clickup-lists input[value="901"]`)
	tap(b, `#clickup-connect button[type=submit]`)
	b.waitText("main h1", "ClickUp")
	b.waitText("main", "Connected to Acme")
	b.waitFor("the first sync", `document.querySelector('#clickup-facts time')`)
	b.checkA11y("clickup, connected")
	b.shoot("console-clickup")
	b.shootDark("console-clickup-dark")
	var tasks []struct {
		Name        string `json:"name"`
		ExternalRef string `json:"external_ref"`
	}
	admin.must("GET", "/tasks?q=design", nil, 200, &tasks)
	if len(tasks) != 1 || tasks[0].Name != "Design homepage" {
		t.Errorf("tasks after connecting = %+v, want ClickUp's Design homepage", tasks)
	}
	tap(b, `main button.primary`)
	b.waitText("#toasts", "ClickUp synced.")

	// A member opts in under Profile; they are matched by email.
	mia := newBrowser(t, srv.URL)
	mia.signIn("mia@example.com", password)
	mia.goTo("/profile")
	mia.waitFor("the ClickUp choice", `document.querySelector('#clickup-push')`)
	tap(mia, `#clickup-push`)
	mia.waitText("#toasts", "pushed to ClickUp")
	mia.checkA11y("profile, clickup")
	var push struct {
		Push    bool `json:"push"`
		Matched bool `json:"matched"`
	}
	srv.login(t, "mia@example.com", password).must("GET", "/me/integrations/clickup", nil, 200, &push)
	if !push.Push || !push.Matched {
		t.Errorf("Mia's push = %+v, want on and matched", push)
	}

	// Disconnect, asked once: the webhook goes, the form comes back.
	tap(b, `main button.danger`)
	b.waitText("dialog[open]", "webhook is deleted")
	tap(b, `dialog[open] #confirm-ok`)
	b.waitText("main h1", "Connect ClickUp")
	hooks := fake.Webhooks()
	for _, w := range hooks {
		if !w.Deleted {
			t.Errorf("a webhook is left after disconnecting: %+v", w)
		}
	}
	if len(hooks) != 1 || !strings.HasSuffix(hooks[0].Endpoint, "/api/v1/integrations/clickup/webhook") {
		t.Errorf("webhooks = %+v, want the one made on connecting", hooks)
	}
}
