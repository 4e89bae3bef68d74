package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
)

// The replica tests start real server processes with the test clock on,
// all sharing one database, and drive them over HTTP.

// replicaStart is a Monday; the replicas' test clocks start an hour
// before it, whatever TIMESTREAK_TEST_NOW says, since a test clock only
// moves forward and these scenarios are written for that calendar.
var replicaStart = time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)

type cluster struct {
	t      *testing.T
	procs  []*proc
	admin  string // personal token of the admin
	tokens []string
	emails []string
	task   string
	dbURL  string
	// beforeEnd, when set, runs before history moves the clocks past the
	// last day, the move that lets the schedulers close it out.
	beforeEnd func()
}

const replicaSecret = "replica-test-key-0123456789abcdef0123"

func startCluster(t *testing.T, dbURL string, n int, env ...string) *cluster {
	t.Helper()
	c := &cluster{t: t, dbURL: dbURL}
	env = append(env, "TIMESTREAK_DATABASE_URL="+dbURL, "TIMESTREAK_TEST_CLOCK=true", "TIMESTREAK_SIGNUP=open",
		"TIMESTREAK_JWT_SECRET="+replicaSecret, "TIMESTREAK_TEST_CLOCK_START="+replicaStart.Add(-time.Hour).Format(time.RFC3339))
	for i := 0; i < n; i++ {
		c.procs = append(c.procs, startServer(t, t.TempDir(), env...))
	}
	return c
}

// setClocks moves every replica's test clock to at.
func (c *cluster) setClocks(at time.Time, token string) {
	c.t.Helper()
	for _, p := range c.procs {
		if p.cmd.ProcessState != nil {
			continue
		}
		if status, body := p.call(c.t, "PUT", "/api/v1/admin/clock", token, map[string]any{"now": at}); status != http.StatusOK {
			c.t.Fatalf("set clock: %d %v", status, body)
		}
	}
}

// personalToken signs up (first user: admin) and returns a personal token
// (admin-scoped for the admin), which lasts a year as the fake clocks run
// ahead.
func (c *cluster) personalToken(p *proc, email, tz string) string {
	c.t.Helper()
	status, reg := p.call(c.t, "POST", "/api/v1/auth/register", "", map[string]string{
		"email": email, "password": "correct horse", "name": email, "timezone": tz})
	if status != http.StatusCreated {
		c.t.Fatalf("register %s: %d %v", email, status, reg)
	}
	scope := "write"
	if user, _ := reg["user"].(map[string]any); user["role"] == "admin" {
		scope = "admin"
	}
	status, tok := p.call(c.t, "POST", "/api/v1/me/tokens", reg["access_token"].(string), map[string]any{"name": "test", "scope": scope, "expires_in_days": 365})
	if status != http.StatusCreated {
		c.t.Fatalf("token: %d %v", status, tok)
	}
	return tok["token"].(string)
}

// history builds the same users, team and entries on any cluster: users in
// several zones logging over two weeks through random replicas, some days
// missed, some backfilled, with the jobs run on every replica at once.
func (c *cluster) history(users, days int, runJobs bool) {
	t := c.t
	rng := rand.New(rand.NewSource(7))
	first := c.procs[0]
	// The admin exists before the clocks move, so register at the clocks'
	// start, then align every replica on replicaStart.
	c.admin = c.personalToken(first, "admin@example.com", "UTC")
	c.setClocks(replicaStart, c.admin)
	_, project := first.call(t, "POST", "/api/v1/projects", c.admin, map[string]string{"name": "Core"})
	_, task := first.call(t, "POST", "/api/v1/projects/"+project["id"].(string)+"/tasks", c.admin, map[string]string{"name": "Work"})
	c.task = task["id"].(string)
	_, team := first.call(t, "POST", "/api/v1/teams", c.admin, map[string]string{"name": "Crew"})
	zones := []string{"UTC", "Europe/Berlin", "Asia/Tokyo", "America/New_York"}
	for i := 0; i < users; i++ {
		p := c.procs[i%len(c.procs)]
		email := fmt.Sprintf("user%02d@example.com", i)
		tok := c.personalToken(p, email, zones[i%len(zones)])
		_, me := p.call(t, "GET", "/api/v1/me", tok, nil)
		if status, body := p.call(t, "PUT", "/api/v1/teams/"+team["id"].(string)+"/members/"+me["id"].(string), c.admin, map[string]string{"role": "member"}); status != http.StatusCreated {
			t.Fatalf("add member: %d %v", status, body)
		}
		c.tokens, c.emails = append(c.tokens, tok), append(c.emails, email)
	}
	for d := 0; d < days; d++ {
		now := replicaStart.AddDate(0, 0, d).Add(6 * time.Hour) // 15:00 UTC: "today" everywhere above
		c.setClocks(now, c.admin)
		for i, tok := range c.tokens {
			p := c.procs[rng.Intn(len(c.procs))]
			_, me := p.call(t, "GET", "/api/v1/me", tok, nil)
			today := me["stats"].(map[string]any)["today"].(map[string]any)["date"].(string)
			switch r := rng.Float64(); {
			case r < 0.75:
				c.log(p, tok, today, 30+rng.Intn(500))
			case r < 0.85 && d > 1:
				c.log(p, tok, shiftDate(today, -1-rng.Intn(2)), 60) // backfill
			}
			_ = i
		}
		if runJobs {
			c.runJobsEverywhere("closeout")
			c.runJobsEverywhere("weekly")
		}
	}
	if c.beforeEnd != nil {
		c.beforeEnd()
	}
	c.setClocks(replicaStart.AddDate(0, 0, days+1).Add(6*time.Hour), c.admin)
}

func shiftDate(date string, n int) string {
	d, _ := time.Parse("2006-01-02", date)
	return d.AddDate(0, 0, n).Format("2006-01-02")
}

func (c *cluster) log(p *proc, tok, date string, minutes int) {
	c.t.Helper()
	status, body := p.call(c.t, "POST", "/api/v1/entries", tok, map[string]any{"task_id": c.task, "date": date, "minutes": minutes})
	if status != http.StatusCreated && status != http.StatusUnprocessableEntity {
		c.t.Fatalf("log: %d %v", status, body)
	}
}

// runJobsEverywhere starts the job on every live replica at the same moment,
// twice.
func (c *cluster) runJobsEverywhere(name string) {
	c.t.Helper()
	for round := 0; round < 2; round++ {
		var wg sync.WaitGroup
		errs := make(chan string, len(c.procs))
		for _, p := range c.procs {
			if p.cmd.ProcessState != nil {
				continue
			}
			wg.Add(1)
			go func(p *proc) {
				defer wg.Done()
				if status, body := p.call(c.t, "POST", "/api/v1/admin/jobs/"+name+"/run", c.admin, nil); status != http.StatusOK {
					errs <- fmt.Sprintf("%s: %d %v", name, status, body)
				}
			}(p)
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			c.t.Fatal(e)
		}
	}
}

// ledger reads the whole ledger as "email date rule points" lines, with
// ids that differ between databases replaced by names, and checks that
// every user's total equals their ledger (nothing counted twice).
func (c *cluster) ledger() []string {
	c.t.Helper()
	db, err := database.Open(c.dbURL, database.Pool{MaxOpen: 2})
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	var rows []struct {
		Email, Date, Rule string
		Points            int
	}
	if err := db.R.Raw(`SELECT users.email, p.date, p.rule, p.points FROM points_events p JOIN users ON users.id = p.user_id`).Scan(&rows).Error; err != nil {
		c.t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		rule := r.Rule
		if strings.HasPrefix(rule, "weekly_top:") {
			rule = "weekly_top:team"
		}
		out[i] = fmt.Sprintf("%s %s %s %d", r.Email, r.Date, rule, r.Points)
	}
	sort.Strings(out)
	var mismatched []string
	if err := db.R.Raw(`SELECT users.email FROM game_states s JOIN users ON users.id = s.user_id
		WHERE s.total_points <> (SELECT COALESCE(SUM(points), 0) FROM points_events p WHERE p.user_id = s.user_id)`).Scan(&mismatched).Error; err != nil {
		c.t.Fatal(err)
	}
	if len(mismatched) > 0 {
		c.t.Errorf("total_points disagrees with the ledger for %v", mismatched)
	}
	return out
}

func postgresURL(t *testing.T) string {
	t.Helper()
	if os.Getenv(dbtest.PostgresEnv) == "" {
		t.Skip("needs PostgreSQL: set " + dbtest.PostgresEnv)
	}
	return dbtest.URL(t, database.Postgres)
}

// TestTwoReplicasMatchOneSQLiteServer drives one history through two
// replicas on PostgreSQL, running the jobs on both at the same moment, and
// through a single SQLite server; the ledgers must be identical.
func TestTwoReplicasMatchOneSQLiteServer(t *testing.T) {
	pg := startCluster(t, postgresURL(t), 2)
	pg.history(10, 15, true)
	pg.runJobsEverywhere("closeout")
	pg.runJobsEverywhere("weekly")
	got := pg.ledger()

	lite := startCluster(t, filepath.Join(t.TempDir(), "ref.db"), 1)
	lite.history(10, 15, true)
	lite.runJobsEverywhere("closeout")
	lite.runJobsEverywhere("weekly")
	want := lite.ledger()

	if len(want) < 100 || !strings.Contains(strings.Join(want, "\n"), "weekly_top") {
		t.Fatalf("the reference history is too thin to prove anything: %d rows", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("two PostgreSQL replicas vs one SQLite server (-sqlite +postgres):\n%s", diff)
	}
}

// TestKilledReplicaMidCloseOut kills one replica with SIGKILL while it
// closes out a long backlog; the other completes it with nothing lost or
// doubled.
func TestKilledReplicaMidCloseOut(t *testing.T) {
	// Small batches, so the close-out is many transactions to die between.
	pg := startCluster(t, postgresURL(t), 2, "TIMESTREAK_CLOSEOUT_BATCH=2")
	// Hold the last batch's state row before the clocks pass the last day,
	// so that no close-out (the schedulers' or the one run below) can
	// finish: the first batches commit, the last waits, and the kill lands
	// mid close-out however fast the machine is.
	holder, err := database.Open(pg.dbURL, database.Pool{MaxOpen: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	hold := holder.W.Begin()
	defer hold.Rollback()
	pg.beforeEnd = func() {
		var held []string
		if err := hold.Raw(`SELECT user_id FROM game_states WHERE user_id =
			(SELECT id FROM users WHERE active ORDER BY id DESC LIMIT 1) FOR UPDATE`).Scan(&held).Error; err != nil || len(held) != 1 {
			t.Fatalf("lock the last user's state row: %v %v", held, err)
		}
	}
	pg.history(10, 15, false) // no manual close-out: the last day is a backlog for everyone
	done := make(chan struct{})
	go func() {
		defer close(done)
		req, _ := http.NewRequest("POST", pg.procs[0].base+"/api/v1/admin/jobs/closeout/run", nil)
		req.Header.Set("Authorization", "Bearer "+pg.admin)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	// Kill the replica as soon as its close-out has committed some users.
	db, err := database.Open(pg.dbURL, database.Pool{MaxOpen: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	finalized := func() (n int64) {
		db.R.Raw("SELECT COUNT(*) FROM game_states WHERE finalized_through >= ?", "2027-01-19").Scan(&n)
		return n
	}
	deadline := time.Now().Add(10 * time.Second)
	for finalized() == 0 && time.Now().Before(deadline) {
	}
	pg.procs[0].cmd.Process.Kill()
	pg.procs[0].cmd.Wait()
	// Count while the last user's row is still held: once it is let go,
	// the other replica's close-out, waiting on it, may finish the day
	// before this test looks (it did, on a loaded machine).
	n := finalized()
	hold.Rollback()
	<-done
	if n == 0 || n >= 11 {
		t.Fatalf("the kill did not land mid close-out: %d of 11 users finalized", n)
	}
	pg.runJobsEverywhere("closeout")
	pg.runJobsEverywhere("weekly")
	got := pg.ledger()

	lite := startCluster(t, filepath.Join(t.TempDir(), "ref.db"), 1)
	lite.history(10, 15, false)
	lite.runJobsEverywhere("closeout")
	lite.runJobsEverywhere("weekly")
	if diff := cmp.Diff(lite.ledger(), got); diff != "" {
		t.Errorf("after a replica died mid close-out (-reference +got):\n%s", diff)
	}
}

// TestReplicasShareAuthAndIdempotency: the state behind idempotency keys,
// refresh-token rotation and login throttling lives in the database, so it
// holds whichever replica a request reaches.
func TestReplicasShareAuthAndIdempotency(t *testing.T) {
	c := startCluster(t, postgresURL(t), 2)
	a, b := c.procs[0], c.procs[1]
	status, reg := a.call(t, "POST", "/api/v1/auth/register", "", map[string]string{"email": "ana@example.com", "password": "correct horse", "name": "Ana"})
	if status != http.StatusCreated {
		t.Fatalf("register: %d %v", status, reg)
	}
	token := reg["access_token"].(string)
	_, project := a.call(t, "POST", "/api/v1/projects", token, map[string]string{"name": "Core"})
	_, task := a.call(t, "POST", "/api/v1/projects/"+project["id"].(string)+"/tasks", token, map[string]string{"name": "API"})
	today := replicaStart.Add(-time.Hour).Format(time.DateOnly) // the clocks' start

	// One Idempotency-Key sent to both replicas at once, four times each.
	var wg sync.WaitGroup
	ids := make(chan string, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(p *proc) {
			defer wg.Done()
			body, _ := json.Marshal(map[string]any{"task_id": task["id"], "date": today, "minutes": 25})
			req, _ := http.NewRequest("POST", p.base+"/api/v1/entries", bytes.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Idempotency-Key", "same-key")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var e map[string]any
			json.NewDecoder(resp.Body).Decode(&e)
			if resp.StatusCode != http.StatusCreated {
				t.Errorf("keyed create: %d %v", resp.StatusCode, e)
				return
			}
			ids <- e["id"].(string)
		}([]*proc{a, b}[i%2])
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		seen[id] = true
	}
	_, list := b.call(t, "GET", "/api/v1/entries", token, nil)
	if items := list["items"].([]any); len(seen) != 1 || len(items) != 1 {
		t.Errorf("8 keyed requests over 2 replicas made %d distinct answers and %d entries", len(seen), len(items))
	}

	// A refresh token rotated on one replica is spent on the other: within
	// 30 s it answers the same pair there, later it revokes the family.
	refresh := reg["refresh_token"].(string)
	status, first := a.call(t, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh})
	if status != http.StatusOK {
		t.Fatalf("refresh on a: %d", status)
	}
	if status, again := b.call(t, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh}); status != http.StatusOK || again["refresh_token"] != first["refresh_token"] {
		t.Errorf("the rotated token again on b within 30 s: %d %v, want 200 and the same pair", status, again)
	}
	c.setClocks(replicaStart.Add(-time.Hour+time.Minute), token)
	if status, _ := b.call(t, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": refresh}); status != http.StatusUnauthorized {
		t.Errorf("reusing a rotated refresh token on b after 30 s: %d, want 401", status)
	}
	if status, _ := a.call(t, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": first["refresh_token"].(string)}); status != http.StatusUnauthorized {
		t.Errorf("its successor after the reuse: %d, want 401 (the family is revoked)", status)
	}

	// Failed logins count across replicas.
	for i := 0; i < 10; i++ {
		[]*proc{a, b}[i%2].call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "wrong password"})
	}
	if status, _ := b.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "correct horse"}); status != http.StatusTooManyRequests {
		t.Errorf("11th login after 10 failures spread over replicas: %d, want 429", status)
	}
}
