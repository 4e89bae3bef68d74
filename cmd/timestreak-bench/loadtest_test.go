package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/internal/app"
	"github.com/timestreak/timestreak/internal/testnow"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/org"
)

// TestLoadtestReports runs each mix briefly against an in-process server,
// with the naive anchors of the same run, and checks that every report
// describes real, error-free traffic. A few requests are enough to show
// that: on a busy machine a run of 400 ms can stall for half of it.
func TestLoadtestReports(t *testing.T) {
	for _, mix := range append(writeMixes, "mixed") {
		t.Run(mix, func(t *testing.T) {
			reps := loadJSON(t, "--duration", "400ms", "--users", "3", "--concurrency", "4", "--mix", mix, "--naive")
			for _, name := range []string{"timestreak", "naive", "jwt_only"} {
				rep := reps[name]
				if rep == nil || rep.Requests < 3 || rep.Errors != 0 || rep.P99ms <= 0 || rep.P50ms > rep.P99ms {
					t.Errorf("%s = %+v", name, rep)
				}
			}
			if rep := reps["timestreak"]; rep != nil && (rep.Mix != mix || rep.PeakRSSMB <= 0) {
				t.Errorf("timestreak = %+v", rep)
			}
		})
	}
}

// TestLoadtestWithWrk drives the mixes with wrk, with the anchors of the
// same run: every report is error-free traffic with percentiles (a DELETE
// sent twice, or a key reused across wrk's threads, would show as errors).
func TestLoadtestWithWrk(t *testing.T) {
	if _, err := exec.LookPath("wrk"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("wrk is not installed; CI needs it (.ci/run installs it)")
		}
		t.Skip("wrk is not installed: apt-get install wrk")
	}
	for _, mix := range []string{"today", "edits", "realistic"} {
		t.Run(mix, func(t *testing.T) {
			reps := loadJSON(t, "--generator", "wrk", "--naive", "--mix", mix, "--duration", "1s", "--users", "20", "--concurrency", "4")
			for _, name := range []string{"timestreak", "naive", "jwt_only"} {
				rep := reps[name]
				if rep == nil || rep.Generator != "wrk" || !rep.InProcess || rep.Requests < 10 || rep.Errors != 0 || rep.P50ms <= 0 || rep.P50ms > rep.P99ms || rep.CPUPerReqUs <= 0 {
					t.Errorf("%s = %+v", name, rep)
				}
			}
		})
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"--generator", "wrk", "--mix", "mixed"}, &out, &errOut); code == 0 {
		t.Error("--generator wrk accepted --mix mixed")
	}
}

// TestLoadtestPostgres runs a keyed mix on two in-process replicas sharing
// a PostgreSQL database, with the naive PostgreSQL anchor in the same run.
func TestLoadtestPostgres(t *testing.T) {
	url := os.Getenv(dbtest.PostgresEnv)
	if url == "" {
		t.Skip(dbtest.PostgresEnv + " is not set")
	}
	reps := loadJSON(t, "--postgres", url, "--replicas", "2", "--mix", "keyed", "--naive", "--duration", "500ms", "--users", "4", "--concurrency", "4")
	for _, name := range []string{"timestreak", "naive"} {
		if rep := reps[name]; rep == nil || rep.Requests < 10 || rep.Errors != 0 {
			t.Errorf("%s = %+v", name, rep)
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"--replicas", "2"}, &out, &errOut); code == 0 {
		t.Error("--replicas 2 without --postgres was accepted")
	}
}

// loadJSON runs the load command in-process on the suite's test clock and
// decodes its reports (with --naive: by name).
func loadJSON(t *testing.T, args ...string) map[string]*loadReport {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{testClock, testStart(t), "--json"}, args...), &out, &errOut)
	if code != 0 {
		t.Fatalf("loadtest exit %d: %s", code, errOut.String())
	}
	reps := map[string]*loadReport{}
	if err := json.Unmarshal(out.Bytes(), &reps); err != nil {
		t.Fatalf("report: %v\n%s", err, out.String())
	}
	return reps
}

// TestLoadtestSeeded seeds a small scored history in-process and reads the
// team's board while writers log time: both groups are reported, error-free.
func TestLoadtestSeeded(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{testClock, testStart(t), "--mix", "leaderboard", "--seed-users", "20", "--seed-days", "10", "--duration", "500ms",
		"--concurrency", "4", "--writers", "2", "--json"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("loadtest exit %d: %s", code, errOut.String())
	}
	var rep loadReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out.String())
	}
	if rep.Mix != "leaderboard" || rep.Requests < 10 || rep.Errors != 0 || rep.P50ms <= 0 || rep.Users != 20 || rep.PeakRSSMB <= 0 {
		t.Errorf("readers = %+v", rep)
	}
	if w := rep.Writers; w == nil || w.Mix != "entries" || w.Concurrency != 2 || w.Requests < 2 || w.Errors != 0 {
		t.Errorf("writers = %+v", w)
	}
	if s := rep.Seed; s == nil || s.Users != 20 || s.Days != 10 || s.Entries == 0 || s.PointsRows == 0 {
		t.Errorf("seed = %+v", s)
	}
	if code := run([]string{"--seed-users", "20", "--url", "http://127.0.0.1:1", "--mix", "leaderboard"}, &out, &errOut); code == 0 {
		t.Errorf("--seed-users with --url was accepted")
	}
}

// TestLoadtestAgainstURL drives a server this command did not start by
// URL and reads its peak memory by pid.
func TestLoadtestAgainstURL(t *testing.T) {
	c := app.Config{Pool: database.Pool{MaxOpen: 1}, LogLevel: "error", Tracking: tracking.Config{Organisation: org.Config{SignupOpen: true}, LockDays: 62},
		Grace: 2 * time.Hour, Batch: 500, TestClock: true, TestStart: testnow.Start(t), ClickUpAPI: "http://127.0.0.1:1/api/v2"}
	stop, urls, _, _, err := startInProcess(context.Background(), c, loadSpec{replicas: 1}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	var out, errOut bytes.Buffer
	if code := run([]string{"--url", urls[0], "--duration", "500ms", "--users", "20", "--concurrency", "2",
		"--server-pid", strconv.Itoa(os.Getpid()), "--json"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var rep loadReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || rep.Requests < 5 || rep.Errors != 0 || rep.InProcess || rep.PeakRSSMB <= 0 {
		t.Fatalf("report = %+v (%v)", rep, err)
	}
}

// TestUsage: -h lists the flags on stdout and exits 0; a bad flag or
// setting exits 2.
func TestUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"-h"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "-concurrency int") || !strings.Contains(out.String(), "-naive\n") {
		t.Errorf("-h: exit %d, stdout %q", code, out.String())
	}
	for _, args := range [][]string{{"--no-such-flag"}, {"--lock-days", "0"}, {"--test-clock-start", "2026-03-02T12:00:00Z"}, {"extra"}} {
		if code := run(args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// The in-process server of a load test runs on the test clock at the
// suite's instant, like every server a test starts.
const testClock = "--test-clock"

func testStart(t *testing.T) string {
	return "--test-clock-start=" + testnow.Start(t).Format(time.RFC3339)
}
