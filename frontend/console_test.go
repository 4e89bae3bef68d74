package frontend_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The console (issue 13): first-run setup, invites, teams, projects and
// tasks, for the roles that may use them.

// taps counts what a person taps: every click and every field they focus
// to type in (a field the screen focuses for them costs nothing).
type taps struct {
	b *browser
	n int
}

func (tp *taps) click(sel string) {
	tp.b.t.Helper()
	tp.n++
	tap(tp.b, sel)
}

func (tp *taps) fill(sel, text string) {
	tp.b.t.Helper()
	if !eval[bool](tp.b, fmt.Sprintf(`document.activeElement === document.querySelector(%s)`, jsString(sel))) {
		tp.n++
	}
	tp.b.typeInto(sel, text)
}

// tap clicks like a person, after the toasts a previous step left have
// gone (one may sit over the button).
func tap(b *browser, sel string) {
	b.t.Helper()
	eval[chromedp.Void](b, `document.querySelectorAll('#toasts .toast').forEach((t) => t.remove())`)
	b.click(sel)
}

type teamRow struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
}

type memberRow struct {
	User struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"user"`
	Role string `json:"role"`
}

func (c *client) members(teamID string) map[string]string {
	c.t.Helper()
	var ms []memberRow
	c.must("GET", "/teams/"+teamID+"/members", nil, 200, &ms)
	out := map[string]string{}
	for _, m := range ms {
		out[m.User.Name] = m.Role
	}
	return out
}

// TestOnboardingToFirstEntry: an empty install, the first person registers,
// names the team (and leads it), adds a project with tasks, skips the
// invite, and logs an hour on Today: in under 15 taps and 2 minutes.
func TestOnboardingToFirstEntry(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	b := newBrowser(t, srv.URL)
	start := time.Now()
	tp := &taps{b: b}

	b.open("/register")
	b.waitFor("the register form", `document.querySelector('input[name=name]')`)
	tp.fill(`input[name=name]`, "Ana Admin")
	tp.fill(`input[name=email]`, "ana@example.com")
	tp.fill(`input[name=password]`, password)
	tp.click(`button[type=submit]`)

	b.waitText("#step-h", "Set up your team")
	b.waitFor("the team name focused", `document.activeElement?.name === 'name'`)
	b.checkA11y("setup: team")
	b.shoot("console-welcome-team")
	b.shootDark("console-welcome-team-dark")
	tp.fill(`input[name=name]`, "Night Owls")
	tp.click("#next")

	b.waitText("#step-h", "first project")
	b.waitFor("the project name focused", `document.activeElement?.name === 'name'`)
	tp.fill(`input[name=name]`, "Website")
	tp.fill(`textarea[name=tasks]`, "Design\nBuild")
	b.shoot("console-welcome-project")
	b.shootDark("console-welcome-project-dark")
	tp.click("#next")

	b.waitText("#step-h", "Invite")
	b.checkA11y("setup: invite")
	tp.click("#make-invite")
	b.waitFor("an invite link", `document.querySelector('#invite-out .link-field')?.value.includes('/register?invite=inv_')`)
	b.shoot("console-welcome-invite")
	b.shootDark("console-welcome-invite-dark")
	tp.click("#finish")

	b.waitText(".chosen", "Design")
	tp.click(`.quick-btn[data-minutes="60"]`)
	b.waitText("#today-entries", "Design")
	elapsed := time.Since(start)
	t.Logf("from an empty install to a logged entry: %d taps, %s", tp.n, elapsed.Round(time.Millisecond))
	if tp.n >= 15 {
		t.Errorf("%d taps from an empty install to a first entry, want under 15", tp.n)
	}
	if elapsed > 2*time.Minute {
		t.Errorf("took %s, want under 2 minutes", elapsed)
	}

	api := srv.login(t, "ana@example.com", password)
	if api.user.Role != "admin" {
		t.Errorf("first user's role %q, want admin", api.user.Role)
	}
	var teams []teamRow
	api.must("GET", "/teams", nil, 200, &teams)
	if len(teams) != 1 || teams[0].Name != "Night Owls" {
		t.Fatalf("teams = %+v, want Night Owls", teams)
	}
	if got := api.members(teams[0].ID); got["Ana Admin"] != "lead" || len(got) != 1 {
		t.Errorf("Night Owls members = %v, want Ana as lead", got)
	}
	today := api.me().Stats.Today.Date
	es := api.entries(today, today)
	if len(es) != 1 || es[0].Minutes != 60 {
		t.Errorf("entries today = %+v, want one of 60 minutes", es)
	}
	var open []map[string]any
	api.must("GET", "/invites", nil, 200, &open)
	if len(open) != 1 || open[0]["team_name"] != "Night Owls" {
		t.Errorf("open invites = %v, want the one made during setup, into Night Owls", open)
	}
	// The admin's tab leads to the console.
	b.waitFor("the Admin tab", `document.querySelector('#nav a[href="/admin/teams"]')?.textContent.includes('Admin')`)
}

// TestInviteLinkToLeaderboard: the admin makes an invite into a team in the
// console; a second browser opens the link, finds the code filled in,
// signs up and sees the team's leaderboard; the admin then revokes another
// invite. A member sees no console and the API refuses them.
func TestInviteLinkToLeaderboard(t *testing.T) {
	t.Parallel()
	srv := startServer(t, "TIMESTREAK_SIGNUP=invite")
	admin := srv.register(t, "Ana Admin", "ana@example.com")
	var team teamRow
	admin.must("POST", "/teams", map[string]any{"name": "Night Owls", "timezone": "UTC"}, 201, &team)
	admin.must("PUT", "/teams/"+team.ID+"/members/"+admin.user.ID, map[string]any{"role": "lead"}, 201, nil)
	admin.must("POST", "/teams", map[string]any{"name": "Early Birds"}, 201, nil)

	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/admin/teams")
	tap(b, `.console-nav a[href="/admin/invites"]`)
	b.waitText("#invite-list", "No open invites")
	b.waitFor("the team choices", `document.querySelectorAll('select[name=team_id] option').length === 3`)
	b.checkA11y("invites")
	b.shoot("console-invites-empty")

	// A bad email: the API's message next to the field, nothing made.
	b.typeInto(`input[name=email]`, "not-an-email")
	tap(b, `form button[type=submit]`)
	b.waitFor("the email's error", `document.querySelector('input[name=email]').getAttribute('aria-invalid') === 'true' && !document.querySelector('input[name=email]').closest('.field').querySelector('.field-error').hidden`)
	b.setValue(`input[name=email]`, "")
	b.setValue(`select[name=team_id]`, team.ID)
	tap(b, `form button[type=submit]`)
	b.waitFor("the invite link", `document.querySelector('#invite-out .link-field')?.value.includes('/register?invite=')`)
	link := eval[string](b, `document.querySelector('#invite-out .link-field').value`)
	b.waitText("#invite-list", "Joins Night Owls")
	b.shoot("console-invites")
	b.shootDark("console-invites-dark")
	u, err := url.Parse(link)
	if err != nil || u.Path != "/register" || !strings.HasPrefix(u.Query().Get("invite"), "inv_") {
		t.Fatalf("invite link %q", link)
	}

	// A second person, in a browser of their own, opens the link.
	nia := newBrowser(t, srv.URL)
	nia.open(u.RequestURI())
	nia.waitFor("the register form", `document.querySelector('input[name=invite_code]')`)
	if got := eval[string](nia, `document.querySelector('input[name=invite_code]').value`); got != u.Query().Get("invite") {
		t.Errorf("invite code field = %q, want the link's code", got)
	}
	nia.typeInto(`input[name=name]`, "Nia Newcomer")
	nia.typeInto(`input[name=email]`, "nia@example.com")
	nia.typeInto(`input[name=password]`, password)
	tap(nia, `button[type=submit]`)
	nia.waitFor("the Today screen", `location.pathname === '/' && document.querySelector('#next-step')?.textContent`)
	nia.goTo("/leaderboard")
	nia.waitText(".team-name", "Night Owls")
	nia.waitText("#board-panel", "Nia Newcomer")
	nia.waitText("#board-panel", "Ana Admin")
	// A member has no console: no tab, no screen, and the API says 403.
	if eval[bool](nia, `!!document.querySelector('#nav a[href^="/admin"]')`) {
		t.Error("a member sees the console's tab")
	}
	nia.open("/admin/invites")
	nia.waitText("main h1", "Nothing here")
	member := srv.login(t, "nia@example.com", password)
	if code := member.do("GET", "/invites", nil, nil); code != 403 {
		t.Errorf("a member lists invites: %d, want 403", code)
	}

	// The used invite is no longer open; revoke a new one, asked once.
	b.open("/admin/invites")
	b.waitText("#invite-list", "No open invites")
	b.setValue(`input[name=email]`, "omar@example.com")
	tap(b, `form button[type=submit]`)
	b.waitText("#invite-list", "omar@example.com")
	tap(b, `#invite-list button.danger`)
	b.waitFor("the confirmation", `document.querySelector('dialog[open] #confirm-ok')`)
	b.shoot("console-invites-revoke")
	tap(b, `dialog[open] #confirm-ok`)
	b.waitText("#invite-list", "No open invites")
	var open []map[string]any
	admin.must("GET", "/invites", nil, 200, &open)
	if len(open) != 0 {
		t.Errorf("open invites after revoking = %v", open)
	}
}

// TestTeamsConsole: the admin creates a team, adds a member and a lead,
// renames it and sets its zone (a refused name shows by its field), removes
// the member after one question; the lead sees the team read-only and no
// admin screens.
func TestTeamsConsole(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	admin := srv.register(t, "Ana Admin", "ana@example.com")
	for _, p := range [][2]string{{"Bo Builder", "bo@example.com"}, {"Lea Lead", "lea@example.com"}} {
		admin.must("POST", "/users", map[string]any{"name": p[0], "email": p[1], "password": password, "role": "member"}, 201, nil)
	}
	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/admin/teams")
	b.waitText("#team-list", "No teams yet")
	b.checkA11y("teams")

	b.typeInto(`#new-team input[name=name]`, "Night Owls")
	b.setValue(`#new-team select[name=timezone]`, "Europe/Berlin")
	tap(b, `#new-team button[type=submit]`)
	b.waitText("#team-list summary", "Night Owls")
	b.waitText("#team-list", "Nobody is in this team yet")
	add := func(name, role string) {
		b.t.Helper()
		b.waitFor("the add form", `document.querySelector('.add-member select[name=user_id]')`)
		id := eval[string](b, fmt.Sprintf(`[...document.querySelectorAll('.add-member select[name=user_id] option')].find(o => o.textContent.startsWith(%s)).value`, jsString(name)))
		b.setValue(`.add-member select[name=user_id]`, id)
		b.setValue(`.add-member select[name=role]`, role)
		tap(b, `.add-member button[type=submit]`)
		b.waitText("#team-list .members", name)
	}
	add("Bo Builder", "member")
	add("Lea Lead", "lead")
	b.checkA11y("team")
	b.shoot("console-teams")
	b.shootDark("console-teams-dark")

	// The API's field error shows by the field.
	b.setValue(`.edit-team input[name=name]`, "   ")
	tap(b, `.edit-team button[type=submit]`)
	b.waitFor("the name's error", `!document.querySelector('.edit-team .field-error').hidden && document.querySelector('.edit-team input[name=name]').getAttribute('aria-invalid') === 'true'`)
	b.setValue(`.edit-team input[name=name]`, "Early Birds")
	b.setValue(`.edit-team select[name=timezone]`, "Asia/Tokyo")
	tap(b, `.edit-team button[type=submit]`)
	b.waitText("#team-list summary", "Early Birds")

	tap(b, `button[aria-label="Remove Bo Builder from Early Birds"]`)
	b.waitFor("the question", `document.querySelector('dialog[open] #confirm-ok')`)
	tap(b, `dialog[open] #confirm-ok`)
	b.waitFor("Bo gone", `!document.querySelector('#team-list .members').textContent.includes('Bo Builder')`)

	var teams []teamRow
	admin.must("GET", "/teams", nil, 200, &teams)
	if len(teams) != 1 || teams[0].Name != "Early Birds" || teams[0].Timezone != "Asia/Tokyo" {
		t.Fatalf("teams = %+v", teams)
	}
	if got := admin.members(teams[0].ID); len(got) != 1 || got["Lea Lead"] != "lead" {
		t.Errorf("members = %v, want only Lea, as lead", got)
	}

	// The lead: the team, read-only; no invites, no projects.
	lea := newBrowser(t, srv.URL)
	lea.signIn("lea@example.com", password)
	lea.goTo("/admin/teams")
	lea.waitText("#team-list .members", "Lea Lead")
	lea.waitText("main h1", "Your teams")
	if n := eval[int](lea, `document.querySelectorAll('main form, main select, main button.danger').length`); n != 0 {
		t.Errorf("the lead sees %d controls that change the team", n)
	}
	if got := eval[string](lea, `document.querySelector('#nav a[href="/admin/teams"]').textContent`); !strings.Contains(got, "Teams") {
		t.Errorf("the lead's tab reads %q", got)
	}
	if eval[bool](lea, `!!document.querySelector('.console-nav a[href="/admin/invites"]')`) {
		t.Error("the lead is offered the invites screen")
	}
	lea.checkA11y("teams (lead)")
	lea.shoot("console-teams-lead")
	lea.shootDark("console-teams-lead-dark")
	lea.open("/admin/projects")
	lea.waitText("main h1", "Nothing here")
	leaAPI := srv.login(t, "lea@example.com", password)
	for _, r := range [][2]string{{"GET", "/invites"}, {"GET", "/users"}, {"PATCH", "/teams/" + teams[0].ID}} {
		if code := leaAPI.do(r[0], r[1], map[string]any{"name": "Mine"}, nil); code != 403 {
			t.Errorf("the lead's %s %s: %d, want 403", r[0], r[1], code)
		}
	}
}

// TestProjectsConsole: the admin makes a project with a palette colour,
// adds, renames and archives a task (asked once), archives and restores
// the project; a ClickUp-linked task is marked.
func TestProjectsConsole(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	admin := srv.register(t, "Ana Admin", "ana@example.com")
	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.open("/admin/projects")
	b.waitText("#project-list", "No projects yet")
	b.checkA11y("projects")
	b.shoot("console-projects-empty")

	b.typeInto(`#new-project input[name=name]`, "Website")
	tap(b, `#new-project .swatches label[title=Teal]`)
	tap(b, `#new-project button[type=submit]`)
	b.waitText("#project-list summary", "Website")
	b.waitText("#project-list .tasks", "No tasks yet")
	for _, name := range []string{"Design", "Build"} {
		b.typeInto(`.add-task input[name=task]`, name)
		tap(b, `.add-task button[type=submit]`)
		b.waitText("#project-list .tasks", name)
	}
	var projects []struct {
		ID, Name, Color string
		Archived        bool
	}
	admin.must("GET", "/projects", nil, 200, &projects)
	if len(projects) != 1 || projects[0].Color != "#0d9488" {
		t.Fatalf("projects = %+v, want Website in teal", projects)
	}
	var linked struct{ ID string }
	admin.must("POST", "/projects/"+projects[0].ID+"/tasks", map[string]any{"name": "Fix login", "external_ref": "cu-86a1"}, 201, &linked)
	b.open("/admin/projects")
	tap(b, `details[data-project] summary`)
	b.waitText("#project-list .tasks", "ClickUp cu-86a1")

	tap(b, `button[aria-label="Rename Design"]`)
	b.setValue(`.tasks input[name=task]`, "Design review")
	tap(b, `.tasks form button[type=submit]`)
	b.waitText("#project-list .tasks", "Design review")
	tap(b, `button[aria-label="Archive Build"]`)
	b.waitFor("the question", `document.querySelector('dialog[open] #confirm-ok')`)
	tap(b, `dialog[open] #confirm-ok`)
	b.waitFor("Build archived", `document.querySelector('button[aria-label="Restore Build"]')`)
	// Search finds a task in any case, accents included.
	admin.must("POST", "/projects/"+projects[0].ID+"/tasks", map[string]any{"name": "Été plans"}, 201, nil)
	b.typeInto(`input[name=task_q]`, "ÉTÉ")
	b.waitFor("the search", `(() => { const rows = document.querySelectorAll('#project-list .tasks li.row'); return rows.length === 1 && rows[0].textContent.includes('Été plans'); })()`)
	b.setValue(`input[name=task_q]`, "zzz")
	b.waitText("#project-list .tasks", "No task matches")
	b.setValue(`input[name=task_q]`, "")
	b.waitFor("every task", `document.querySelectorAll('#project-list .tasks li.row').length === 4`)
	b.checkA11y("project")
	b.shoot("console-projects")
	b.shootDark("console-projects-dark")

	tap(b, `details[data-project] .actions .btn.danger`)
	b.waitFor("the question", `document.querySelector('dialog[open] #confirm-ok')`)
	tap(b, `dialog[open] #confirm-ok`)
	b.waitText("#project-list summary", "archived")
	admin.must("GET", "/projects", nil, 200, &projects)
	if !projects[0].Archived {
		t.Errorf("project not archived: %+v", projects[0])
	}
	b.waitText("details[data-project] .actions", "Restore project")
	tap(b, `details[data-project] .actions button[type=button]`)
	b.waitFor("the project restored", `document.querySelector('details[data-project]') && !document.querySelector('details[data-project] summary').textContent.includes('archived')`)
	var tasks struct {
		Items []struct {
			Name     string `json:"name"`
			Archived bool   `json:"archived"`
		} `json:"items"`
	}
	admin.must("GET", "/projects/"+projects[0].ID+"/tasks", nil, 200, &tasks)
	got := map[string]bool{}
	for _, tk := range tasks.Items {
		got[tk.Name] = tk.Archived
	}
	if len(got) != 4 || got["Design review"] || got["Été plans"] || !got["Build"] {
		t.Errorf("tasks (name → archived) = %v, want Design review, Fix login, Été plans open and Build archived", got)
	}
}

// TestPeopleConsole: the admin adds a person (a refused email shows by its
// field), finds them by a name typed without accents, makes them an admin
// and back, deactivates them after being told what it does (they cannot
// sign in) and reactivates them.
func TestPeopleConsole(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	admin := srv.register(t, "Ana Admin", "ana@example.com")
	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/admin/teams")
	tap(b, `.console-nav a[href="/admin/people"]`)
	b.waitText("#people-list", "Ana Admin (you)")
	b.checkA11y("people")

	b.typeInto(`#new-person input[name=name]`, "Zoë Zeal")
	b.typeInto(`#new-person input[name=email]`, "zoe@")
	b.typeInto(`#new-person input[name=password]`, password)
	tap(b, `#new-person button[type=submit]`)
	b.waitFor("the email's error", `document.querySelector('#new-person input[name=email]').getAttribute('aria-invalid') === 'true' && !document.querySelector('#new-person input[name=email]').closest('.field').querySelector('.field-error').hidden`)
	b.setValue(`#new-person input[name=email]`, "zoe@example.com")
	tap(b, `#new-person button[type=submit]`)
	b.waitText("#people-list", "Zoë Zeal")
	b.typeInto(`input[name=q]`, "ZOE")
	b.waitFor("the search", `document.querySelectorAll('#people-list li.row').length === 1 && document.querySelector('#people-list').textContent.includes('Zoë')`)

	b.setValue(`select[aria-label="Role of Zoë Zeal"]`, "admin")
	b.waitFor("the role saved", `document.querySelector('#toasts').textContent.includes('is now an admin')`)
	tap(b, `button[aria-label="Deactivate Zoë Zeal"]`)
	b.waitText("dialog[open]", "can no longer sign in")
	b.shoot("console-people-deactivate")
	tap(b, `dialog[open] #confirm-ok`)
	b.waitText("#people-list", "deactivated")
	b.shoot("console-people")
	b.shootDark("console-people-dark")
	anon := &client{t: t, base: srv.URL + "/api/v1"}
	if code := anon.do("POST", "/auth/login", map[string]any{"email": "zoe@example.com", "password": password}, nil); code != 401 {
		t.Errorf("a deactivated person signs in: %d, want 401", code)
	}
	tap(b, `button[aria-label="Reactivate Zoë Zeal"]`)
	tap(b, `dialog[open] #confirm-ok`)
	b.waitFor("Zoë active", `document.querySelector('button[aria-label="Deactivate Zoë Zeal"]')`)
	zoe := srv.login(t, "zoe@example.com", password)
	if zoe.user.Role != "admin" {
		t.Errorf("Zoë's role = %q, want admin", zoe.user.Role)
	}

	// The list says who is on which team, and when they last logged time.
	var crew teamRow
	admin.must("POST", "/teams", map[string]any{"name": "Crew", "timezone": "UTC"}, 201, &crew)
	admin.must("PUT", "/teams/"+crew.ID+"/members/"+zoe.user.ID, map[string]any{"role": "lead"}, 201, nil)
	_, task := admin.projectAndTask("Website", "#0d9488", "Design")
	zoe.must("POST", "/entries", map[string]any{"task_id": task, "date": daysAgo(1), "minutes": 30}, 201, nil)
	b.open("/admin/people")
	b.waitFor("Zoë's teams and last entry", `(() => { const r = [...document.querySelectorAll('#people-list li.row')].find((li) => li.textContent.includes('Zoë')); return r && r.textContent.includes('Crew (lead)') && r.textContent.includes('last entry'); })()`)
	b.waitText("#people-list", "No team · no entries yet")

	// Zoë forgot her password: the admin makes a reset link (asked once),
	// Zoë opens it in her own browser and sets a new one.
	tap(b, `button[aria-label="Password reset link for Zoë Zeal"]`)
	b.waitText("dialog[open]", "24 hours")
	tap(b, `dialog[open] #confirm-ok`)
	b.waitFor("the reset link", `document.querySelector('#reset-out .link-field')?.value.includes('/reset#code=pwr_')`)
	b.checkA11y("people, reset link")
	b.shoot("console-people-reset")
	link, err := url.Parse(eval[string](b, `document.querySelector('#reset-out .link-field').value`))
	if err != nil {
		t.Fatal(err)
	}
	zb := newBrowser(t, srv.URL)
	zb.open(link.Path + "#" + link.Fragment)
	zb.waitFor("the reset form", `document.querySelector('main input[name=password]')`)
	zb.checkA11y("reset password")
	zb.shoot("reset-password")
	zb.shootDark("reset-password-dark")
	zb.typeInto(`input[name=password]`, "short")
	tap(zb, `main button[type=submit]`)
	zb.waitText("main .alert", "at least 8")
	zb.setValue(`input[name=password]`, "a brand new secret")
	tap(zb, `main button[type=submit]`)
	zb.waitFor("the Today screen", `location.pathname === '/' && document.querySelector('#next-step')?.textContent`)
	if code := zoe.do("GET", "/me", nil, nil); code != 401 {
		t.Errorf("Zoë's session from before the reset: GET /me = %d, want 401", code)
	}
	if code := anon.do("POST", "/auth/login", map[string]any{"email": "zoe@example.com", "password": password}, nil); code != 401 {
		t.Errorf("the old password signs in: %d, want 401", code)
	}
	srv.login(t, "zoe@example.com", "a brand new secret")
	// The link worked once.
	again := newBrowser(t, srv.URL)
	again.open(link.Path + "#" + link.Fragment)
	again.waitFor("the reset form", `document.querySelector('main input[name=password]')`)
	again.typeInto(`input[name=password]`, "yet another secret")
	tap(again, `main button[type=submit]`)
	again.waitText("main .alert", "invalid, used or expired")
	var users []struct {
		Email  string `json:"email"`
		Active bool   `json:"active"`
	}
	admin.must("GET", "/users", nil, 200, &users)
	if len(users) != 2 {
		t.Errorf("users = %+v", users)
	}
}

// TestJobsConsole: the admin sees the scheduled jobs and runs one now; its
// last run then shows.
func TestJobsConsole(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	srv.register(t, "Ana Admin", "ana@example.com")
	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/admin/teams")
	tap(b, `.console-nav a[href="/admin/jobs"]`)
	b.waitFor("the jobs", `document.querySelector('li[data-job=closeout]') && document.querySelector('li[data-job=weekly]') && document.querySelector('li[data-job=reminders]')`)
	b.checkA11y("jobs")
	tap(b, `button[aria-label="Run now: closeout"]`)
	b.waitText("#toasts", "closeout ran.")
	b.waitFor("the last run", `document.querySelector('li[data-job=closeout] time')`)
	b.shoot("console-jobs")
	b.shootDark("console-jobs-dark")
}
