package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/auth"
)

// Shared scenario helpers for the engine's tests. Requests re-login first:
// the fake clock moves by days between calls and access tokens last 15 min.

// utc parses an RFC 3339 instant, failing loudly on a typo in a test.
func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// call sends an authenticated request with a fresh token and checks the status.
func call(env *apitest.Env, u *apitest.User, want int, method, path string, body any) *apitest.Response {
	env.T.Helper()
	env.Relogin(u)
	return env.Must(want, method, path, u.Token, body)
}

// entryResp is POST /entries' answer: the entry plus the day.
type entryResp struct {
	ID     string `json:"id"`
	Date   string `json:"date"`
	OnTime bool   `json:"on_time"`
	Source string `json:"source"`
	Day    struct {
		Date          string `json:"date"`
		Minutes       int    `json:"minutes"`
		TargetMinutes int    `json:"target_minutes"`
		OnTime        bool   `json:"on_time"`
		PendingPoints int    `json:"pending_points"`
	} `json:"day"`
}

// logTime logs minutes on date through the API.
func logTime(env *apitest.Env, u *apitest.User, task, date string, minutes int) entryResp {
	env.T.Helper()
	var r entryResp
	call(env, u, http.StatusCreated, "POST", "/api/v1/entries",
		map[string]any{"task_id": task, "date": date, "minutes": minutes}).JSON(env.T, &r)
	return r
}

// meResp is GET /me.
type meResp struct {
	ID                 string   `json:"id"`
	Timezone           string   `json:"timezone"`
	Workdays           []string `json:"workdays"`
	DailyTargetMinutes int      `json:"daily_target_minutes"`
	Stats              struct {
		Points          int `json:"points"`
		Level           int `json:"level"`
		NextLevelPoints int `json:"next_level_points"`
		Streak          struct {
			Current int `json:"current"`
			Longest int `json:"longest"`
			Freezes int `json:"freezes"`
		} `json:"streak"`
		Today struct {
			Date          string `json:"date"`
			Workday       bool   `json:"workday"`
			Minutes       int    `json:"minutes"`
			TargetMinutes int    `json:"target_minutes"`
			PendingPoints int    `json:"pending_points"`
		} `json:"today"`
	} `json:"stats"`
	Badges []struct {
		Code      string `json:"code"`
		AwardedOn string `json:"awarded_on"`
	} `json:"badges"`
}

func getMe(env *apitest.Env, u *apitest.User) meResp {
	env.T.Helper()
	var m meResp
	call(env, u, http.StatusOK, "GET", "/api/v1/me", nil).JSON(env.T, &m)
	return m
}

// patchMe changes the user's settings through the API.
func patchMe(env *apitest.Env, u *apitest.User, body map[string]any) {
	env.T.Helper()
	call(env, u, http.StatusOK, "PATCH", "/api/v1/me", body)
}

// allWeek makes every day a workday, so streak scenarios run day after day.
var allWeek = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// ledgerOn is the user's ledger lines of one date, read from the engine.
func ledgerOn(t testing.TB, env *apitest.Env, userID, date string) []string {
	t.Helper()
	rows, err := env.Engine.Points(context.Background(), userID, date, date)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %s %d", r.Date, r.Rule, r.Points))
	}
	return out
}

// pointsOn sums the user's ledger on a date.
func pointsOn(t testing.TB, env *apitest.Env, userID, date string) int {
	t.Helper()
	rows, err := env.Engine.Points(context.Background(), userID, date, date)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, r := range rows {
		sum += r.Points
	}
	return sum
}

type notification struct {
	ID      string     `json:"id"`
	Kind    string     `json:"kind"`
	Message string     `json:"message"`
	ReadAt  *time.Time `json:"read_at"`
}

func notifications(env *apitest.Env, u *apitest.User) []notification {
	env.T.Helper()
	var ns []notification
	call(env, u, http.StatusOK, "GET", "/api/v1/me/notifications", nil).JSON(env.T, &ns)
	return ns
}

// kinds counts notifications by kind.
func kinds(ns []notification) map[string]int {
	m := map[string]int{}
	for _, n := range ns {
		m[n.Kind]++
	}
	return m
}

// trackingUser loads the service's view of a user, for direct calls.
func trackingUser(t testing.TB, env *apitest.Env, id string) *auth.User {
	t.Helper()
	u, err := env.Tracking.User(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// logDirect logs time through the engine's write path (as the timer, an
// import or a script would), returning the entry.
func logDirect(t testing.TB, env *apitest.Env, userID, task, date string, minutes int, source string) *tracking.Entry {
	t.Helper()
	c, err := env.Engine.RecordEntry(context.Background(), trackingUser(t, env, userID),
		tracking.NewEntry{TaskID: task, Date: date, Minutes: minutes, Source: source}, nil, nil)
	if err != nil {
		t.Fatalf("log %d min on %s: %v", minutes, date, err)
	}
	return c.Entry
}

// badgeCodes lists a user's badges as "code awarded_on", sorted.
func badgeCodes(t testing.TB, env *apitest.Env, userID string) []string {
	t.Helper()
	bs, err := env.Engine.Badges(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, b := range bs {
		out = append(out, b.Code+" "+b.AwardedOn)
	}
	sort.Strings(out)
	return out
}

// addDays shifts a YYYY-MM-DD date.
func addDays(date string, n int) string {
	t, err := time.Parse("2006-01-02", date)
	if err != nil {
		panic(err)
	}
	return t.AddDate(0, 0, n).Format("2006-01-02")
}
