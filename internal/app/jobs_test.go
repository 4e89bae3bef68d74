package app

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/internal/testnow"
	"github.com/timestreak/timestreak/push"
	"github.com/timestreak/timestreak/slackapp"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
	"github.com/timestreak/timestreak/tracking/store"
)

// newTestJobs builds the whole application, Slack app on, on a fresh
// SQLite database with the test clock at start, and returns its jobs.
func newTestJobs(t *testing.T, start time.Time) (*Jobs, *clockwork.FakeClock) {
	t.Helper()
	a, err := New(context.Background(), Config{DB: dbtest.Open(t, "sqlite"), LogLevel: "error", TestClock: true, TestStart: start,
		Tracking: tracking.Config{Accounts: auth.Config{BcryptCost: 4}}, Grace: 2 * time.Hour,
		Secret:     func() ([]byte, error) { return []byte("test-secret-test-secret-test-secret!"), nil },
		PushKeys:   func() (push.Keys, error) { return push.LoadKeys(t.TempDir()) },
		ClickUpAPI: "http://127.0.0.1:1/api/v2",
		Slack: &slackapp.Config{SigningSecret: "8f742231b10e8888abcd99yyyzzz85a5", BotToken: "xoxb-1-2-unreachable-in-tests",
			APIURL: "http://127.0.0.1:1/api/"}}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	return a.Jobs, a.Fake
}

func status(j *Jobs, name string) (last, next *time.Time, lastErr *string) {
	for _, s := range j.List() {
		if s.Name == name {
			return s.LastRun, s.NextRun, s.LastError
		}
	}
	return nil, nil, nil
}

// TestScheduleFollowsTheClock runs the real gocron scheduler on a fake
// clock: jobs fire when the clock passes their interval, not before.
func TestScheduleFollowsTheClock(t *testing.T) {
	start := testnow.Start(t)
	j, clock := newTestJobs(t, start)
	j.Start()

	names := map[string]time.Duration{"closeout": 5 * time.Minute, "weekly": time.Hour, "reminders": 5 * time.Minute, "cleanup": time.Hour, "clickup-sync": 10 * time.Minute, "clickup-push": time.Minute,
		"slack-reminders": time.Minute, "slack-weekly": time.Hour}
	deadline := time.Now().Add(5 * time.Second)
	for name, every := range names {
		for {
			_, next, _ := status(j, name)
			if next != nil {
				if !next.Equal(start.Add(every)) {
					t.Errorf("%s next run = %s, want %s", name, next, start.Add(every))
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s has no next run", name)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if last, _, _ := status(j, name); last != nil {
			t.Errorf("%s ran before its time, at %s", name, last)
		}
	}

	clock.Advance(5 * time.Minute)
	waitFor(t, func() bool { last, _, _ := status(j, "closeout"); return last != nil })
	waitFor(t, func() bool { last, _, _ := status(j, "reminders"); return last != nil })
	if last, _, _ := status(j, "weekly"); last != nil {
		t.Errorf("weekly ran after 5 minutes")
	}
	clock.Advance(55 * time.Minute)
	waitFor(t, func() bool { last, _, _ := status(j, "weekly"); return last != nil })
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestRunOnDemand runs each job synchronously and records the run; an
// unknown job is not found.
func TestRunOnDemand(t *testing.T) {
	j, clock := newTestJobs(t, testnow.Start(t))
	for _, name := range []string{"closeout", "weekly", "reminders", "cleanup", "clickup-sync", "clickup-push", "slack-reminders", "slack-weekly"} {
		if err := j.Run(context.Background(), name); err != nil {
			t.Fatalf("run %s: %v", name, err)
		}
		last, _, lastErr := status(j, name)
		if last == nil || !last.Equal(clock.Now()) || lastErr != nil {
			t.Errorf("%s: last run %v, error %v", name, last, lastErr)
		}
	}
	if err := j.Run(context.Background(), "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown job: %v", err)
	}
}

// TestFailedRunIsReported keeps a job's last error for GET /admin/jobs.
func TestFailedRunIsReported(t *testing.T) {
	j, _ := newTestJobs(t, testnow.Start(t))
	boom := errors.New("database went away")
	j.list[0].run = func(context.Context) error { return boom }
	if err := j.Run(context.Background(), j.list[0].name); !errors.Is(err, boom) {
		t.Fatalf("run: %v", err)
	}
	if _, _, lastErr := status(j, j.list[0].name); lastErr == nil || *lastErr != boom.Error() {
		t.Errorf("last error = %v", lastErr)
	}
}
