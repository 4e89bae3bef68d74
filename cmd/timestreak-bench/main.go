// Command timestreak-bench drives load at a timestreak server, or at
// in-process ones it starts, and reports throughput and latency with the
// naive anchors of the same run (docs/PERFORMANCE.md). It is apart from the
// server binary, which carries no load harness.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the load's users live in zones around the globe

	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/app"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/org"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run exits 0 on success or -h, 2 for a command line that cannot run as
// written and 1 for other failures.
func run(args []string, stdout, stderr io.Writer) int {
	err := loadtest(args, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "timestreak-bench: %s\n", strings.Join(strings.Fields(err.Error()), " "))
		if errors.As(err, new(usageError)) {
			return 2
		}
		return 1
	}
	return 0
}

// usageError is a command line that cannot be run as written.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// serverFlags registers the settings of the in-process servers, each also a
// TIMESTREAK_* variable (a flag wins), as `timestreak serve` takes them. The
// returned function, called after fs.Parse, gives their app.Config.
func serverFlags(fs *flag.FlagSet) func() (app.Config, error) {
	c := app.Config{Pool: database.Pool{MaxOpen: 20, MaxIdle: 20, MaxLifetime: 30 * time.Minute}, LogLevel: "error",
		Tracking: tracking.Config{Organisation: org.Config{SignupOpen: true}}, ClickUpAPI: clickup.DefaultBaseURL}
	var start string
	fs.DurationVar(&c.Grace, "grace", 2*time.Hour, "how long after local midnight a date stays open, 0 to 24h")
	fs.IntVar(&c.Tracking.LockDays, "lock-days", 62, "entries older than this many days are read-only")
	fs.BoolVar(&c.TestClock, "test-clock", false, "run the in-process servers on a test clock")
	fs.StringVar(&start, "test-clock-start", "", "RFC 3339 `instant` the test clock starts at; empty means now")
	fs.IntVar(&c.Batch, "closeout-batch", 500, "users finalized per close-out transaction, 1 to 5000")
	names := []string{"grace", "lock-days", "test-clock", "test-clock-start", "closeout-batch"}
	return func() (app.Config, error) {
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		for _, name := range names {
			env := "TIMESTREAK_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
			if v := os.Getenv(env); v != "" && !given[name] {
				if err := fs.Set(name, v); err != nil {
					return c, fmt.Errorf("%s: %w", env, err)
				}
			}
		}
		switch {
		case c.Grace < 0 || c.Grace > 24*time.Hour:
			return c, usageError{fmt.Errorf("--grace must be from 0 to 24h, got %s", c.Grace)}
		case c.Tracking.LockDays < 1:
			return c, usageError{fmt.Errorf("--lock-days must be at least 1, got %d", c.Tracking.LockDays)}
		case c.Batch < 1 || c.Batch > 5000:
			return c, usageError{errors.New("--closeout-batch must be from 1 to 5000, got " + strconv.Itoa(c.Batch))}
		}
		if start != "" {
			t, err := time.Parse(time.RFC3339, start)
			if err != nil || !c.TestClock {
				return c, usageError{fmt.Errorf("--test-clock-start must be an RFC 3339 instant and needs --test-clock, got %q", start)}
			}
			c.TestStart = t
		}
		return c, nil
	}
}
