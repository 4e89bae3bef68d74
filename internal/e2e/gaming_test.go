package e2e_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestBurstEarnsNothingExtra: a thousand one-minute entries earn exactly
// what one entry of the same total earns — points come from the day, not
// from the number of entries.
func TestBurstEarnsNothingExtra(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Admin")
		task := env.Task(admin, "Work")
		burst := env.CreateUser(admin, "Burst", "UTC")
		steady := env.CreateUser(admin, "Steady", "UTC")
		for i := 0; i < 1000; i++ {
			env.Log(burst, task, "2026-03-02", 1)
		}
		env.Log(steady, task, "2026-03-02", 1000)
		env.Set(time.Date(2026, 3, 3, 3, 0, 0, 0, time.UTC))
		env.CloseOut()
		env.Relogin(burst)
		env.Relogin(steady)
		got, want := env.Points(burst), env.Points(steady)
		if diff := cmp.Diff(want, got); diff != "" || len(want) != 3 {
			t.Errorf("1,000 one-minute entries vs one entry (-one +many):\n%s", diff)
		}
	})
}
