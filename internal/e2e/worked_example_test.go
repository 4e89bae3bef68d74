package e2e_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestWorkedExample is PRODUCT.md's Ana: UTC, Monday–Friday, target 480,
// 8 h each weekday logged on the day: 135 points, streak 5, level 2.
func TestWorkedExample(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		ana := env.Register("Ana")
		task := env.Task(ana, "Build")
		monday := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		for d := 0; d < 5; d++ {
			day := monday.AddDate(0, 0, d)
			env.Set(day.Add(17 * time.Hour))
			env.Relogin(ana)
			env.Log(ana, task, day.Format("2006-01-02"), 480)
		}
		env.Set(monday.AddDate(0, 0, 7).Add(3 * time.Hour)) // next Monday 03:00: Sunday has closed
		env.CloseOut()
		env.Relogin(ana)
		want := []string{
			"2026-03-02 full_day 5", "2026-03-02 on_time 10", "2026-03-02 streak 1",
			"2026-03-03 full_day 5", "2026-03-03 on_time 10", "2026-03-03 streak 2",
			"2026-03-04 full_day 5", "2026-03-04 on_time 10", "2026-03-04 streak 3",
			"2026-03-05 full_day 5", "2026-03-05 on_time 10", "2026-03-05 streak 4",
			"2026-03-06 badge:streak_5 25", "2026-03-06 full_day 5", "2026-03-06 on_time 10", "2026-03-06 streak 5",
			"2026-03-08 perfect_week 20",
		}
		if diff := cmp.Diff(want, env.Points(ana)); diff != "" {
			t.Errorf("ledger (-want +got):\n%s", diff)
		}
		var me struct {
			Stats struct {
				Points int `json:"points"`
				Level  int `json:"level"`
				Streak struct {
					Current int `json:"current"`
				} `json:"streak"`
			} `json:"stats"`
		}
		env.Must(http.StatusOK, "GET", "/api/v1/me", ana.Token, nil).JSON(t, &me)
		if me.Stats.Points != 135 || me.Stats.Streak.Current != 5 || me.Stats.Level != 2 {
			t.Errorf("stats = %+v, want 135 points, streak 5, level 2", me.Stats)
		}
	})
}
