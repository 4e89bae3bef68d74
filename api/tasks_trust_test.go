package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/clickup/clickuptest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/org"
)

// PRODUCT.md §7 "Tasks": anyone adds a task; renaming or archiving it is for
// admins, leads (of any team), or its creator while nobody else has logged
// time on it.
func TestTaskEditRights(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		today := w.Clock.Now().UTC().Format(time.DateOnly)
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		cat := w.CreateUser(w.admin, "Cat", "UTC")
		lea := w.CreateUser(w.admin, "Lea", "UTC")
		w.join(w.team("Elsewhere"), lea, "lead") // a lead, of a team neither Bob nor Cat is in
		p := w.project("Website")
		var task taskView
		w.Must(http.StatusCreated, "POST", "/api/v1/projects/"+p+"/tasks", bob.Token, map[string]any{"name": "Bob's"}).JSON(t, &task)
		rename := func(u *apitest.User, name string) *apitest.Response {
			t.Helper()
			return w.Do("PATCH", "/api/v1/tasks/"+task.ID, u.Token, map[string]any{"name": name})
		}

		// Nobody else has logged time: the creator may; another member not.
		w.Log(bob, task.ID, today, 30) // his own time does not count
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+task.ID, bob.Token, map[string]any{"name": "Bob's task"})
		p403 := wantProblem(t, rename(cat, "Cat's now"), http.StatusForbidden)
		if p403.Detail == "" {
			t.Errorf("403 without a reason")
		}
		wantProblem(t, w.Do("PATCH", "/api/v1/tasks/"+task.ID, cat.Token, map[string]any{"archived": true}), http.StatusForbidden)
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+task.ID, lea.Token, map[string]any{"name": "Renamed by a lead"})
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+task.ID, w.admin.Token, map[string]any{"name": "Renamed by the admin"})

		// Cat times it: a running timer is time about to be logged, so the
		// creator can no longer archive it (and log Cat's time for her).
		w.Must(http.StatusCreated, "POST", "/api/v1/timer", cat.Token, map[string]any{"task_id": task.ID})
		wantProblem(t, w.Do("PATCH", "/api/v1/tasks/"+task.ID, bob.Token, map[string]any{"archived": true}), http.StatusForbidden)
		w.Must(http.StatusOK, "DELETE", "/api/v1/timer", cat.Token, nil) // under 30 s: nothing logged
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+task.ID, bob.Token, map[string]any{"name": "Bob's, timer gone"})

		// Cat logs time on it: from now on only leads and admins change it.
		w.Log(cat, task.ID, today, 15)
		wantProblem(t, rename(bob, "Bob's again"), http.StatusForbidden)
		wantProblem(t, w.Do("PATCH", "/api/v1/tasks/"+task.ID, bob.Token, map[string]any{"archived": true}), http.StatusForbidden)
		wantProblem(t, rename(cat, "Cat's now"), http.StatusForbidden)
		var got taskView
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+task.ID, lea.Token, map[string]any{"name": "Lead's name"}).JSON(t, &got)
		if got.Name != "Lead's name" {
			t.Errorf("lead's rename: %+v", got)
		}
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+task.ID, w.admin.Token, map[string]any{"archived": true}).JSON(t, &got)
		if !got.Archived || got.Name != "Lead's name" {
			t.Errorf("after the refused edits and the admin's archive: %+v", got)
		}

		// A task with no creator (made before creators were kept, or by the
		// ClickUp sync): admins and leads only.
		legacy, err := w.Tracking.CreateTask(context.Background(), p, "Legacy", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []*apitest.User{bob, cat} {
			wantProblem(t, w.Do("PATCH", "/api/v1/tasks/"+legacy.ID, u.Token, map[string]any{"name": "Mine"}), http.StatusForbidden)
		}
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+legacy.ID, lea.Token, map[string]any{"name": "Legacy, kept"})
	})
}

// A task the ClickUp sync keeps changes only through the sync: 403 to
// everyone's PATCH, the admin's included.
func TestClickUpSyncedTaskRefusesEdits(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := newClickUpEnv(t, dialect)
		fake.Put(clickuptest.Task{ID: "86b1", ListID: "901", Name: "Synced", DateUpdated: 1767225600000})
		// A name with characters timestreak's names refuse is cleaned, not
		// refused: the sync goes on.
		fake.Put(clickuptest.Task{ID: "86b2", ListID: "901", Name: "Sneaky\u202eeman\u200b\tname\x00", DateUpdated: 1767225600000})
		env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{"901"}})
		env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
		var synced cuTask
		for _, tk := range taskList(t, env, admin) {
			if tk.ExternalRef == "86b1" {
				synced = tk
			}
		}
		if synced.ID == "" {
			t.Fatalf("the sync made no task: %v", taskList(t, env, admin))
		}
		for _, body := range []map[string]any{{"name": "Renamed here"}, {"archived": true}, {"external_ref": ""}} {
			wantProblem(t, env.Do("PATCH", "/api/v1/tasks/"+synced.ID, admin.Token, body), http.StatusForbidden)
		}
		if got := clickupTasks(t, env, admin); fmt.Sprint(got) != "[86b1 Synced 86b2 Sneakyeman name]" {
			t.Errorf("after refused edits: %q", got)
		}
	})
}

// Archiving a task, or its project, stops every timer running on it and
// logs the time first, as DELETE /timer would: split at each user's local
// midnight, rounded, nothing under 30 s. The ClickUp sync archiving a task
// does the same, and a timer found on an archived task is still logged.
func TestArchivingLogsRunningTimers(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		ann := w.CreateUser(w.admin, "Ann", "Asia/Tokyo")
		ben := w.CreateUser(w.admin, "Ben", "America/Los_Angeles")
		cyd := w.CreateUser(w.admin, "Cyd", "UTC")
		p := w.project("Website")
		task := w.taskIn(p, "Landing page")
		other := w.taskIn(p, "Footer")

		// Ann starts 40 minutes before her local midnight; Ben 5 minutes
		// later; Cyd 20 seconds before the archive, on the same task; the
		// admin on another task, which keeps running.
		tokyo, _ := time.LoadLocation("Asia/Tokyo")
		local := w.Clock.Now().In(tokyo)
		midnight := time.Date(local.Year(), local.Month(), local.Day()+1, 0, 0, 0, 0, tokyo)
		if midnight.Add(-40 * time.Minute).Before(w.Clock.Now()) {
			midnight = midnight.AddDate(0, 0, 1)
		}
		w.Set(midnight.Add(-40 * time.Minute))
		for _, u := range []*apitest.User{ann, ben, cyd, w.admin} {
			w.Relogin(u)
		}
		w.Must(http.StatusCreated, "POST", "/api/v1/timer", ann.Token, map[string]any{"task_id": task, "note": "hero"})
		w.Clock.Advance(5 * time.Minute)
		w.Must(http.StatusCreated, "POST", "/api/v1/timer", ben.Token, map[string]any{"task_id": task})
		w.Must(http.StatusCreated, "POST", "/api/v1/timer", w.admin.Token, map[string]any{"task_id": other})
		w.Clock.Advance(95*time.Minute - 20*time.Second)
		w.Relogin(cyd)
		w.Must(http.StatusCreated, "POST", "/api/v1/timer", cyd.Token, map[string]any{"task_id": task})
		w.Clock.Advance(20 * time.Second) // 100 minutes after Ann started
		for _, u := range []*apitest.User{ann, ben, cyd, w.admin} {
			w.Relogin(u)
		}
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+task, w.admin.Token, map[string]any{"archived": true})

		day := func(u *apitest.User, tz string, at time.Time) string {
			loc, _ := time.LoadLocation(tz)
			return at.In(loc).Format(time.DateOnly)
		}
		for _, c := range []struct {
			u    *apitest.User
			tz   string
			want []string
		}{
			// Ann: 40 minutes before her midnight, 60 after.
			{ann, "Asia/Tokyo", []string{day(ann, "Asia/Tokyo", midnight.Add(-time.Minute)) + " 40", day(ann, "Asia/Tokyo", midnight) + " 60"}},
			{ben, "America/Los_Angeles", []string{day(ben, "America/Los_Angeles", w.Clock.Now()) + " 95"}},
			{cyd, "UTC", []string{}}, // 20 seconds: nothing
		} {
			w.Must(http.StatusNoContent, "GET", "/api/v1/timer", c.u.Token, nil)
			from := day(c.u, c.tz, midnight.Add(-24*time.Hour))
			got := []string{}
			for _, e := range listEntries(w.Env, c.u, "from="+from).Items {
				if e.TaskID != task || e.Source != "timer" {
					t.Errorf("%s: entry %+v", c.tz, e)
				}
				got = append([]string{e.Date + " " + strconv.Itoa(e.Minutes)}, got...)
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("%s's logged time (-want +got):\n%s", c.tz, d)
			}
		}
		var tv timerView
		w.Must(http.StatusOK, "GET", "/api/v1/timer", w.admin.Token, nil).JSON(t, &tv)
		if tv.TaskID != other {
			t.Errorf("the admin's timer on another task: %+v", tv)
		}

		// Archiving the project stops the timers on its tasks.
		w.Clock.Advance(30 * time.Minute)
		w.Relogin(w.admin)
		w.Must(http.StatusOK, "PATCH", "/api/v1/projects/"+p, w.admin.Token, map[string]any{"archived": true})
		w.Must(http.StatusNoContent, "GET", "/api/v1/timer", w.admin.Token, nil)
		logged := 0
		for _, e := range listEntries(w.Env, w.admin, "task_id="+other).Items {
			logged += e.Minutes
		}
		if logged != 125 {
			t.Errorf("the admin's timer logged %d minutes on archiving the project, want 125", logged)
		}

		// A timer that got onto an archived task (started as it was being
		// archived) is logged when it stops, not dropped.
		late := w.taskIn(w.project("Later"), "Late")
		w.Must(http.StatusOK, "PATCH", "/api/v1/tasks/"+late, w.admin.Token, map[string]any{"archived": true})
		start := w.Clock.Now()
		if err := w.DB.W.Create(&tracking.Timer{UserID: cyd.ID, TaskID: late, StartedAt: start}).Error; err != nil {
			t.Fatal(err)
		}
		w.Clock.Advance(10 * time.Minute)
		w.Relogin(cyd)
		var s stopped
		w.Must(http.StatusOK, "DELETE", "/api/v1/timer", cyd.Token, nil).JSON(t, &s)
		if d := cmp.Diff([]string{start.UTC().Format(time.DateOnly) + " 10"}, s.pieces()); d != "" {
			t.Errorf("timer on an archived task (-want +got):\n%s", d)
		}
	})
}

// The ClickUp sync closing a task stops the timers on its twin and logs them.
func TestClickUpCloseLogsRunningTimer(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, fake, admin := newClickUpEnv(t, dialect)
		const t0 = 1767225600000
		fake.Put(clickuptest.Task{ID: "86c1", ListID: "901", Name: "Ship it", DateUpdated: t0})
		env.Must(http.StatusCreated, "POST", "/api/v1/integrations/clickup", admin.Token,
			map[string]any{"token": clickupToken, "list_ids": []string{"901"}})
		env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
		var twin cuTask
		for _, tk := range taskList(t, env, admin) {
			if tk.ExternalRef == "86c1" {
				twin = tk
			}
		}
		mia := env.CreateUser(admin, "Mia", "UTC")
		start := env.Clock.Now()
		env.Must(http.StatusCreated, "POST", "/api/v1/timer", mia.Token, map[string]any{"task_id": twin.ID})
		env.Clock.Advance(45 * time.Minute)
		fake.Put(clickuptest.Task{ID: "86c1", ListID: "901", Name: "Ship it", DateUpdated: env.Clock.Now().UnixMilli(),
			Status: "complete", StatusType: "closed"})
		env.Relogin(admin)
		env.Relogin(mia)
		env.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/clickup-sync/run", admin.Token, nil)
		if got := clickupTasks(t, env, admin); fmt.Sprint(got) != "[86c1 Ship it [archived]]" {
			t.Fatalf("after closing in ClickUp: %q", got)
		}
		env.Must(http.StatusNoContent, "GET", "/api/v1/timer", mia.Token, nil)
		p := listEntries(env, mia, "")
		if len(p.Items) != 1 || p.Items[0].Minutes != 45 || p.Items[0].Date != start.UTC().Format(time.DateOnly) || p.Items[0].TaskID != twin.ID {
			t.Errorf("Mia's timer on the closed task logged %+v, want 45 minutes", p.Items)
		}
	})
}

type taskPage struct {
	Items      []taskView `json:"items"`
	NextCursor *string    `json:"next_cursor"`
}

// GET /projects/{id}/tasks pages like GET /entries: limit (default 100,
// at most 1000) and next_cursor, by name.
func TestProjectTasksPaging(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		p := w.project("Big")
		ctx := context.Background()
		var want []string
		for i := range 101 {
			name := fmt.Sprintf("Task %03d", i)
			if i == 7 { // two tasks of one name: the id breaks the tie
				name = "Task 006"
			}
			tk, err := w.Tracking.CreateTask(ctx, p, name, nil)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, tk.ID)
		}
		w.taskIn(w.project("Other"), "Not in Big")

		var first taskPage
		w.Must(http.StatusOK, "GET", "/api/v1/projects/"+p+"/tasks", w.admin.Token, nil).JSON(t, &first)
		if len(first.Items) != 100 || first.NextCursor == nil {
			t.Fatalf("default page: %d items, cursor %v", len(first.Items), first.NextCursor)
		}
		var got []string
		cursor := ""
		for pages := 0; ; pages++ {
			if pages > 50 {
				t.Fatal("paging does not end")
			}
			var pg taskPage
			w.Must(http.StatusOK, "GET", "/api/v1/projects/"+p+"/tasks?limit=3&cursor="+cursor, w.admin.Token, nil).JSON(t, &pg)
			if len(pg.Items) > 3 {
				t.Fatalf("page of %d", len(pg.Items))
			}
			for _, tk := range pg.Items {
				got = append(got, tk.ID)
			}
			if pg.NextCursor == nil {
				break
			}
			cursor = *pg.NextCursor
		}
		// Creation order is name order here but for the two "Task 006":
		// ids grow with time, so the older one comes first.
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("paged ids (-want +got):\n%s", d)
		}
		var all taskPage
		w.Must(http.StatusOK, "GET", "/api/v1/projects/"+p+"/tasks?limit=5000", w.admin.Token, nil).JSON(t, &all)
		if len(all.Items) != 101 || all.NextCursor != nil {
			t.Errorf("limit over the maximum: %d items, cursor %v", len(all.Items), all.NextCursor)
		}
		for _, q := range []string{"limit=-1", "limit=x", "cursor=bogus", "cursor=" + "AAAA"} {
			field := "limit"
			if q[0] == 'c' {
				field = "cursor"
			}
			wantProblem(t, w.Do("GET", "/api/v1/projects/"+p+"/tasks?"+q, w.admin.Token, nil), http.StatusUnprocessableEntity, field)
		}
	})
}

// One person adds at most org.TasksPerHour tasks an hour, however
// many requests arrive at once; then 429 with Retry-After, and others are
// not held back.
func TestTaskCreationLimit(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{})
		bob := w.CreateUser(w.admin, "Bob", "UTC")
		p := w.project("Flood")
		add := func(u *apitest.User, name string) *apitest.Response {
			return w.Do("POST", "/api/v1/projects/"+p+"/tasks", u.Token, map[string]any{"name": name})
		}
		const burst = 40
		for i := range org.TasksPerHour - burst/2 {
			if r := add(bob, fmt.Sprintf("t%d", i)); r.Status != http.StatusCreated {
				t.Fatalf("task %d: %d %s", i, r.Status, r.Body)
			}
		}
		// A parallel burst of 40 when 20 remain: exactly 20 pass.
		var mu sync.Mutex
		codes := map[int]int{}
		var wg sync.WaitGroup
		for i := range burst {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", w.HTTP.URL+"/api/v1/projects/"+p+"/tasks",
					strings.NewReader(fmt.Sprintf(`{"name":"burst %d"}`, i)))
				req.Header.Set("Authorization", "Bearer "+bob.Token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := w.Client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				mu.Lock()
				codes[resp.StatusCode]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if d := cmp.Diff(map[int]int{201: burst / 2, 429: burst / 2}, codes); d != "" {
			t.Errorf("burst answers (-want +got):\n%s", d)
		}
		r := add(bob, "one more")
		pr := wantProblem(t, r, http.StatusTooManyRequests)
		if secs, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || secs < 1 || secs > 3600 {
			t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
		}
		if pr.Detail == "Too many attempts; try again later." {
			t.Errorf("the 429 does not say which limit: %q", pr.Detail)
		}
		var n int64
		if err := w.DB.R.Table("tasks").Where("project_id = ?", p).Count(&n).Error; err != nil || n != org.TasksPerHour {
			t.Errorf("tasks in the project: %d (%v), want %d", n, err, org.TasksPerHour)
		}
		// Others are not held back; an hour later Bob may add again.
		w.Must(http.StatusCreated, "POST", "/api/v1/projects/"+p+"/tasks", w.admin.Token, map[string]any{"name": "admin's"})
		w.Clock.Advance(time.Hour + time.Second)
		w.Relogin(bob)
		if r := add(bob, "next hour"); r.Status != http.StatusCreated {
			t.Errorf("an hour later: %d %s", r.Status, r.Body)
		}
	})
}
