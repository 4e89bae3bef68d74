// Package testnow is the test suite's idea of "now": one start instant for
// every server, engine and browser a test starts, so that no test reads the
// real calendar. TIMESTREAK_TEST_NOW (RFC 3339) moves the whole suite to any
// instant: a Saturday night in UTC+14, a DST night in Europe, New Year.
// Randomness is seeded here too, from a seed the test logs, so a failure
// found with a random history can be replayed.
package testnow

import (
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// Default is the instant the suite starts at when TIMESTREAK_TEST_NOW is
// unset: a Monday noon UTC, a workday in every zone from UTC−11 to UTC+11.
var Default = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// Env names the variable that moves the suite.
const Env = "TIMESTREAK_TEST_NOW"

// SeedEnv names the variable that replays a random history.
const SeedEnv = "TIMESTREAK_TEST_SEED"

var (
	once  sync.Once
	start time.Time
	err   error
)

// Start is the suite's start instant: TIMESTREAK_TEST_NOW, or Default.
// A value that does not parse fails the calling test, never silently
// falls back to the real calendar.
func Start(t testing.TB) time.Time {
	t.Helper()
	s, err := load()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Must is Start for helpers that have no test at hand; a value that does
// not parse panics.
func Must() time.Time {
	s, err := load()
	if err != nil {
		panic(err)
	}
	return s
}

func load() (time.Time, error) {
	once.Do(func() {
		start = Default
		if v := os.Getenv(Env); v != "" {
			start, err = time.Parse(time.RFC3339, v)
			if err != nil {
				err = fmt.Errorf("%s must be an RFC 3339 instant like 2027-03-28T00:30:00Z, got %q", Env, v)
			}
		}
	})
	return start, err
}

// Clock is a fake clock at Start.
func Clock(t testing.TB) *clockwork.FakeClock {
	t.Helper()
	return clockwork.NewFakeClockAt(Start(t))
}

// Rand is a random source seeded from TIMESTREAK_TEST_SEED, or from a fresh
// seed; either way the seed is logged so the run can be repeated.
func Rand(t testing.TB) *rand.Rand {
	t.Helper()
	seed := time.Now().UnixNano()
	if v := os.Getenv(SeedEnv); v != "" {
		s, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil {
			t.Fatalf("%s must be a whole number, got %q", SeedEnv, v)
		}
		seed = s
	}
	t.Logf("random seed %d (replay with %s=%[1]d)", seed, SeedEnv)
	return rand.New(rand.NewSource(seed))
}

// Date is the start's calendar date in loc, as YYYY-MM-DD.
func Date(t testing.TB, loc *time.Location) string {
	t.Helper()
	return Start(t).In(loc).Format(time.DateOnly)
}
