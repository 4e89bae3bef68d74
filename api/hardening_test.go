package api_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/store"
)

// TestLoginTimingHidesUnknownEmails: a failed login costs the same whether
// the email exists or not, because both compare a bcrypt hash of the same
// cost. The cost is raised above the harness's minimum so that the
// comparison, not the HTTP round trip, is what a login costs; skipping it
// for unknown emails, or comparing against a hash of another cost, makes
// the medians differ several times over. Not parallel: timing wants a
// quiet machine.
func TestLoginTimingHidesUnknownEmails(t *testing.T) {
	const (
		cost     = 7 // about 7 ms a comparison; the default 10 is 8x that
		attempts = 15
		factor   = 3.0
	)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{BcryptCost: cost})
		known := w.CreateUser(w.admin, "Kim Known", "UTC")
		login := func(email string) time.Duration {
			// Past the throttle's window, so that no attempt is refused
			// before its password is checked.
			w.Clock.Advance(16 * time.Minute)
			start := time.Now()
			r := w.Do("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": "wrong horse"})
			d := time.Since(start)
			wantProblem(t, r, http.StatusUnauthorized)
			return d
		}
		login(known.Email) // warm up connections and caches
		login("nobody@example.com")
		var unknownTimes, knownTimes []time.Duration
		for i := range attempts { // interleaved, so that noise hits both alike
			unknownTimes = append(unknownTimes, login(fmt.Sprintf("nobody%d@example.com", i)))
			knownTimes = append(knownTimes, login(known.Email))
		}
		u, k := median(unknownTimes), median(knownTimes)
		t.Logf("median failed login: unknown email %v, known email %v", u, k)
		if ratio := float64(u) / float64(k); ratio > factor || ratio < 1/factor {
			t.Errorf("failed logins take %v for an unknown email and %v for a known one (ratio %.1f): timing tells whether an account exists", u, k, ratio)
		}
	})
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestOversizedHeaderAndURL: the header limit of cmd/timestreak/main.go
// (64 KiB, request line included), which the harness's server shares,
// refuses a 70 KiB header or URL with 431 before any handler runs.
//
// net/http applies the limit with some slop: 4 KiB on a new connection, and
// up to 4 KiB more on a kept-alive one, where a 70 KiB header still passes.
// Each request here has a connection of its own.
func TestOversizedHeaderAndURL(t *testing.T) {
	parallel(t)
	env := apitest.New(t, dbtest.Dialects()[0], apitest.Options{})
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	send := func(path string, header ...string) int {
		t.Helper()
		req, err := http.NewRequest("GET", env.HTTP.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %.40s…: %v", path, err)
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	pad := func(n int) string { return strings.Repeat("a", n) }
	// Under the limit, on a public route: the padding itself is fine.
	if got := send("/healthz", "X-Pad", pad(60<<10)); got != http.StatusOK {
		t.Errorf("60 KiB header: %d, want 200", got)
	}
	if got := send("/healthz?pad=" + pad(60<<10)); got != http.StatusOK {
		t.Errorf("60 KiB URL: %d, want 200", got)
	}
	if got := send("/healthz", "X-Pad", pad(70<<10)); got != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("70 KiB header: %d, want 431", got)
	}
	if got := send("/healthz?pad=" + pad(70<<10)); got != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("70 KiB URL: %d, want 431", got)
	}
	// On a kept-alive connection the slop is larger, but bounded.
	env.Must(http.StatusOK, "GET", "/healthz", "", nil)
	env.Must(http.StatusRequestHeaderFieldsTooLarge, "GET", "/healthz", "", nil, "X-Pad", pad(80<<10))
	// Split over many headers, and on an authenticated route.
	many := []string{"Authorization", "Bearer " + pad(8<<10)}
	for i := range 8 {
		many = append(many, fmt.Sprintf("X-Pad-%d", i), pad(8<<10))
	}
	if got := send("/api/v1/me", many...); got != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("70 KiB over nine headers: %d, want 431", got)
	}
}

// TestLeadCannotChangeMembersEntries: a lead reads their team's entries
// but changes none of them; the answer is 404, as for anyone's not theirs.
func TestLeadCannotChangeMembersEntries(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		team := w.team("Alpha")
		lea := w.CreateUser(w.admin, "Lea Lead", "UTC")
		mia := w.CreateUser(w.admin, "Mia Member", "UTC")
		w.join(team, lea, "lead")
		w.join(team, mia, "member")
		e := w.logEntry(mia, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 30, "note": "mine"})

		w.Must(http.StatusOK, "GET", "/api/v1/entries/"+e.ID, lea.Token, nil)
		wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+e.ID, lea.Token, map[string]any{"minutes": 600, "note": "lead's"}), http.StatusNotFound)
		wantProblem(t, w.Do("DELETE", "/api/v1/entries/"+e.ID, lea.Token, nil), http.StatusNotFound)
		// Nor may the admin, who reads everything.
		wantProblem(t, w.Do("PATCH", "/api/v1/entries/"+e.ID, w.admin.Token, map[string]any{"note": "admin's"}), http.StatusNotFound)
		wantProblem(t, w.Do("DELETE", "/api/v1/entries/"+e.ID, w.admin.Token, nil), http.StatusNotFound)

		var got entry
		w.Must(http.StatusOK, "GET", "/api/v1/entries/"+e.ID, mia.Token, nil).JSON(t, &got)
		if got.Minutes != 30 || got.Note != "mine" || !got.UpdatedAt.Equal(e.UpdatedAt) {
			t.Errorf("Mia's entry after her lead's attempts: %+v, want it unchanged from %+v", got, e)
		}
	})
}

// flushRecorder records what a handler writes and when it flushes.
type flushRecorder struct {
	header     http.Header
	status     int
	body       bytes.Buffer
	flushes    int
	firstFlush int // bytes written when the first flush came
}

func (f *flushRecorder) Header() http.Header { return f.header }
func (f *flushRecorder) WriteHeader(s int)   { f.status = s }
func (f *flushRecorder) Write(p []byte) (int, error) {
	if f.status == 0 {
		f.status = http.StatusOK
	}
	return f.body.Write(p)
}
func (f *flushRecorder) Flush() {
	if f.flushes == 0 {
		f.firstFlush = f.body.Len()
	}
	f.flushes++
}

// TestExportStreams: an export of 5,000 entries goes out as it is read —
// chunked, without a Content-Length, flushed many times, the first flush
// long before the end — instead of sitting in memory whole.
func TestExportStreams(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		const n = 5000
		w := newWorld(t, dialect, apitest.Options{})
		mia := w.CreateUser(w.admin, "Mia Member", "UTC")
		task, err := w.Tracking.Task(context.Background(), w.task)
		if err != nil {
			t.Fatal(err)
		}

		// Written straight to the table: 5,000 requests would be slow, and the
		// export reads rows, whoever wrote them.
		now := w.Clock.Now().UTC()
		rows := make([]tracking.Entry, n)
		for i := range rows {
			date := civil.AddDays("2026-03-01", -(i / 100)) // 50 dates, 100 entries of 1 minute each
			rows[i] = tracking.Entry{ID: uuid.Must(uuid.NewV7()).String(), UserID: mia.ID, TaskID: w.task, ProjectID: task.ProjectID,
				Date: date, Minutes: 1, Note: fmt.Sprintf("entry %d", i), Source: tracking.SourceImport,
				DatedAt: now, DatedOn: "2026-03-02", Stamps: store.Stamps{CreatedAt: now, UpdatedAt: now}}
		}
		if err := w.DB.W.CreateInBatches(rows, 500).Error; err != nil {
			t.Fatal(err)
		}
		path := "/api/v1/entries/export.csv?from=2026-01-01&to=2026-03-02"

		// Over HTTP: chunked, no length, and the header row readable first.
		req, err := http.NewRequest("GET", w.HTTP.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+mia.Token)
		resp, err := w.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("export: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if resp.ContentLength != -1 || resp.Header.Get("Content-Length") != "" || !slices.Equal(resp.TransferEncoding, []string{"chunked"}) {
			t.Errorf("export has Content-Length %d, Transfer-Encoding %v: want it streamed, chunked", resp.ContentLength, resp.TransferEncoding)
		}
		br := bufio.NewReader(resp.Body)
		first, err := br.ReadString('\n')
		if err != nil || first != "date,user,project,task,minutes,hours,note,billable\n" {
			t.Fatalf("first line %q (%v)", first, err)
		}
		rest, err := io.ReadAll(br)
		if err != nil {
			t.Fatal(err)
		}
		if lines := bytes.Count(rest, []byte("\n")); lines != n {
			t.Errorf("export has %d rows, want %d", lines, n)
		}

		// In process: the handler flushes as it goes, the first time with a
		// small part of the export written.
		req, err = http.NewRequest("GET", path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+mia.Token)
		rec := &flushRecorder{header: http.Header{}}
		w.Server.Handler().ServeHTTP(rec, req)
		total := rec.body.Len()
		if rec.status != http.StatusOK || total < 100_000 {
			t.Fatalf("export in process: %d, %d bytes", rec.status, total)
		}
		if rec.flushes < 10 || rec.firstFlush > total/10 {
			t.Errorf("export of %d bytes flushed %d times, first after %d bytes: want it streamed", total, rec.flushes, rec.firstFlush)
		}
		if !strings.HasPrefix(rec.body.String(), first) {
			t.Errorf("export in process starts %.60q", rec.body.String())
		}
	})
}
