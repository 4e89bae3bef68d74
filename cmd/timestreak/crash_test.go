package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/internal/testnow"
)

// crashRun writes entries with idempotency keys from several clients while
// the server is killed with SIGKILL at random moments; after each restart
// the clients retry what got no answer, with the same keys.
type crashRun struct {
	t       *testing.T
	token   string
	task    string
	today   string
	mu      sync.Mutex
	acked   map[string]string // key -> entry id answered with 201
	unknown map[string]bool   // keys sent without an answer
}

func (r *crashRun) post(base, key string) (int, string) {
	// Spread over three dates: faster writes would otherwise reach the
	// 1,440-minute day limit of one date.
	date := r.today
	if n := int(key[len(key)-1]-'0') % 3; n > 0 {
		d, _ := time.Parse("2006-01-02", r.today)
		date = d.AddDate(0, 0, -n).Format("2006-01-02")
	}
	body, _ := json.Marshal(map[string]any{"task_id": r.task, "date": date, "minutes": 1, "note": key})
	req, _ := http.NewRequest("POST", base+"/api/v1/entries", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Idempotency-Key", key)
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	var e struct {
		ID string `json:"id"`
	}
	json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.ID
}

func (r *crashRun) record(key string, status int, id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case status == http.StatusCreated:
		if prev, ok := r.acked[key]; ok && prev != id {
			r.t.Errorf("key %s answered with two entries: %s and %s", key, prev, id)
		}
		r.acked[key] = id
		delete(r.unknown, key)
	case status == 0:
		r.unknown[key] = true
	default:
		r.t.Errorf("key %s: status %d", key, status)
	}
}

func crashSafety(t *testing.T, env ...string) {
	dir := t.TempDir()
	// One user writing from six clients as fast as it can: no rate limit.
	start := testnow.Start(t)
	env = append(env, "TIMESTREAK_TEST_CLOCK=true", "TIMESTREAK_TEST_CLOCK_START="+start.Format(time.RFC3339), "TIMESTREAK_WRITE_RATE=0")
	p := startServer(t, dir, env...)
	_, reg := p.call(t, "POST", "/api/v1/auth/register", "", map[string]string{"email": "ana@example.com", "password": "correct horse", "name": "Ana"})
	access := reg["access_token"].(string)
	// Every day a workday, so that the ledger has rows whatever day the
	// suite starts on.
	p.call(t, "PATCH", "/api/v1/me", access, map[string]any{"workdays": []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}})
	_, tok := p.call(t, "POST", "/api/v1/me/tokens", access, map[string]string{"name": "crash"})
	r := &crashRun{t: t, token: tok["token"].(string), acked: map[string]string{}, unknown: map[string]bool{},
		today: start.UTC().Format("2006-01-02")}
	_, project := p.call(t, "POST", "/api/v1/projects", access, map[string]string{"name": "Core"})
	_, task := p.call(t, "POST", "/api/v1/projects/"+project["id"].(string)+"/tasks", r.token, map[string]string{"name": "API"})
	r.task = task["id"].(string)
	rng := testnow.Rand(t)
	for round := 0; round < 4; round++ {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < 6; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for seq := 0; ; seq++ {
					select {
					case <-stop:
						return
					default:
					}
					key := fmt.Sprintf("r%d-w%d-%d", round, w, seq)
					status, id := r.post(p.base, key)
					r.record(key, status, id)
					if status == 0 {
						return // the server is gone
					}
				}
			}(w)
		}
		time.Sleep(time.Duration(50+rng.Intn(250)) * time.Millisecond)
		p.cmd.Process.Kill()
		p.cmd.Wait()
		close(stop)
		wg.Wait()
		p = startServer(t, dir, env...)
		r.mu.Lock()
		var retry []string
		for k := range r.unknown {
			retry = append(retry, k)
		}
		r.mu.Unlock()
		for _, key := range retry {
			status, id := r.post(p.base, key)
			r.record(key, status, id)
		}
	}
	if len(r.unknown) > 0 {
		t.Fatalf("%d keys never answered", len(r.unknown))
	}
	// Every acknowledged write is present, exactly once.
	var ids []string
	for cursor := ""; ; {
		_, page := p.call(t, "GET", "/api/v1/entries?limit=1000&cursor="+cursor, r.token, nil)
		for _, it := range page["items"].([]any) {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		next, _ := page["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	var want []string
	for _, id := range r.acked {
		want = append(want, id)
	}
	sort.Strings(ids)
	sort.Strings(want)
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("entries after %d crashes (-acknowledged +stored):\n%s", 4, diff)
	}
	if len(want) < 20 {
		t.Errorf("only %d writes were acknowledged: the test proved little", len(want))
	}
	// The ledger after the next close-out equals a recompute.
	// Admin routes with a fresh sign-in: the access token of the
	// registration has expired on the test clock by now.
	login := func() string {
		_, auth := p.call(t, "POST", "/api/v1/auth/login", "", map[string]string{"email": "ana@example.com", "password": "correct horse"})
		return auth["access_token"].(string)
	}
	if status, _ := p.call(t, "PUT", "/api/v1/admin/clock", login(), map[string]any{"now": start.UTC().Add(50 * time.Hour)}); status != http.StatusOK {
		t.Fatalf("moving the clock: %d", status)
	}
	admin := login()
	if status, _ := p.call(t, "POST", "/api/v1/admin/jobs/closeout/run", admin, nil); status != http.StatusOK {
		t.Fatalf("close-out: %d", status)
	}
	points := func() string {
		req, _ := http.NewRequest("GET", p.base+"/api/v1/me/points", nil)
		req.Header.Set("Authorization", "Bearer "+r.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return b.String()
	}
	before := points()
	if status, _ := p.call(t, "POST", "/api/v1/admin/recompute", admin, nil); status != http.StatusOK {
		t.Fatalf("recompute: %d", status)
	}
	if after := points(); after != before || len(before) < 10 {
		t.Errorf("ledger after close-out %s != after recompute %s", before, after)
	}
	p.stop(t)
}

// TestCrashSafetySQLite kills the server on SQLite mid-write, repeatedly.
func TestCrashSafetySQLite(t *testing.T) {
	crashSafety(t, "TIMESTREAK_DATABASE_URL="+filepath.Join(t.TempDir(), "crash.db"))
}

// TestCrashSafetyPostgres is the same on PostgreSQL.
func TestCrashSafetyPostgres(t *testing.T) {
	crashSafety(t, "TIMESTREAK_DATABASE_URL="+postgresURL(t))
}
