package e2e_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// boardResp is GET /teams/{id}/leaderboard.
type boardResp struct {
	Team struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"team"`
	Period  string  `json:"period"`
	From    *string `json:"from"`
	To      *string `json:"to"`
	Metric  string  `json:"metric"`
	Entries []struct {
		Rank int `json:"rank"`
		User struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"user"`
		Points int `json:"points"`
		Streak int `json:"streak"`
		Level  int `json:"level"`
	} `json:"entries"`
}

// lines is the board as "rank name points streak" lines, in listed order.
func (b boardResp) lines() []string {
	out := []string{}
	for _, e := range b.Entries {
		out = append(out, fmt.Sprintf("%d %s %d %d", e.Rank, e.User.Name, e.Points, e.Streak))
	}
	return out
}

func (b boardResp) bounds() string {
	s := func(p *string) string {
		if p == nil {
			return "null"
		}
		return *p
	}
	return s(b.From) + ".." + s(b.To)
}

func getBoard(env *apitest.Env, u *apitest.User, team string, query url.Values) (boardResp, *apitest.Response) {
	env.T.Helper()
	var b boardResp
	r := call(env, u, http.StatusOK, "GET", "/api/v1/teams/"+team+"/leaderboard?"+query.Encode(), nil)
	r.JSON(env.T, &b)
	return b, r
}

// TestLeaderboard: competition ranking with equal scores listed by name,
// zero-point members listed, periods bounded Monday–Sunday and by calendar
// month in the team's time zone, today in the team's zone by default, the
// streak metric, 422 for bad parameters, 404 for non-members, and no hours.
func TestLeaderboard(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{Start: apitest.Monday})
		admin := env.Register("Admin")
		task := env.Task(admin, "Build")
		// Created in an order unlike their names', so that ties show the name order.
		zed := env.CreateUser(admin, "Zed", "UTC")
		amy := env.CreateUser(admin, "Amy", "UTC")
		cy := env.CreateUser(admin, "Cy", "UTC")
		bea := env.CreateUser(admin, "Bea", "UTC")
		outsider := env.CreateUser(admin, "Outsider", "UTC")
		team := createTeam(env, admin, "Kiwis", "Pacific/Auckland")
		addMembers(env, admin, team, zed, amy, cy, bea)

		logOn := func(day string, logs map[*apitest.User]int) {
			t.Helper()
			d, _ := time.Parse("2006-01-02", day)
			env.Set(d.Add(17 * time.Hour))
			for u, m := range logs {
				logTime(env, u, task, day, m)
			}
		}
		logOn("2026-03-02", map[*apitest.User]int{zed: 480, amy: 480, bea: 60}) // 16, 16, 11
		logOn("2026-03-03", map[*apitest.User]int{zed: 480, amy: 480})          // 17, 17
		logOn("2026-03-30", map[*apitest.User]int{bea: 480, cy: 60})            // 16 (streak 1), 11
		// 12:00 UTC on Tuesday 31 March is 01:00 on Wednesday 1 April in Auckland.
		env.Set(utc("2026-03-31T12:00:00Z"))
		env.CloseOut()

		tests := []struct {
			query  string
			period string
			bounds string
			want   []string
		}{
			// Defaults: the week and today in the team's zone (1 April).
			{"", "week", "2026-03-30..2026-04-05", []string{"1 Bea 16 1", "2 Cy 11 1", "3 Amy 0 0", "3 Zed 0 0"}},
			{"period=month", "month", "2026-04-01..2026-04-30", []string{"1 Amy 0 0", "1 Bea 0 1", "1 Cy 0 1", "1 Zed 0 0"}},
			{"period=day", "day", "2026-04-01..2026-04-01", []string{"1 Amy 0 0", "1 Bea 0 1", "1 Cy 0 1", "1 Zed 0 0"}},
			{"period=all", "all", "null..null", []string{"1 Amy 33 0", "1 Zed 33 0", "3 Bea 27 1", "4 Cy 11 1"}},
			{"period=all&metric=points", "all", "null..null", []string{"1 Amy 33 0", "1 Zed 33 0", "3 Bea 27 1", "4 Cy 11 1"}},
			{"period=month&date=2026-03-15", "month", "2026-03-01..2026-03-31", []string{"1 Amy 33 0", "1 Zed 33 0", "3 Bea 27 1", "4 Cy 11 1"}},
			{"period=week&date=2026-03-04", "week", "2026-03-02..2026-03-08", []string{"1 Amy 33 0", "1 Zed 33 0", "3 Bea 11 1", "4 Cy 0 1"}},
			{"period=week&date=2026-03-08", "week", "2026-03-02..2026-03-08", []string{"1 Amy 33 0", "1 Zed 33 0", "3 Bea 11 1", "4 Cy 0 1"}},
			{"period=week&date=2026-03-02", "week", "2026-03-02..2026-03-08", []string{"1 Amy 33 0", "1 Zed 33 0", "3 Bea 11 1", "4 Cy 0 1"}},
			{"period=day&date=2026-03-03", "day", "2026-03-03..2026-03-03", []string{"1 Amy 17 0", "1 Zed 17 0", "3 Bea 0 1", "3 Cy 0 1"}},
			{"period=month&date=2028-02-10", "month", "2028-02-01..2028-02-29", []string{"1 Amy 0 0", "1 Bea 0 1", "1 Cy 0 1", "1 Zed 0 0"}},
			// By current streak: Bea and Cy 1, Amy and Zed 0.
			{"period=all&metric=streak", "all", "null..null", []string{"1 Bea 27 1", "1 Cy 11 1", "3 Amy 33 0", "3 Zed 33 0"}},
		}
		for _, tt := range tests {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := getBoard(env, amy, team, q)
			if b.Period != tt.period || b.bounds() != tt.bounds {
				t.Errorf("?%s: period %q %s, want %q %s", tt.query, b.Period, b.bounds(), tt.period, tt.bounds)
			}
			if diff := cmp.Diff(tt.want, b.lines()); diff != "" {
				t.Errorf("?%s (-want +got):\n%s", tt.query, diff)
			}
			wantMetric := "points"
			if strings.Contains(tt.query, "metric=streak") {
				wantMetric = "streak"
			}
			if b.Metric != wantMetric || b.Team.ID != team || b.Team.Name != "Kiwis" {
				t.Errorf("?%s: metric %q team %+v", tt.query, b.Metric, b.Team)
			}
		}

		// Levels follow total points; the shape holds ranks and points only.
		b, r := getBoard(env, bea, team, url.Values{"period": {"all"}})
		for _, e := range b.Entries {
			if e.Level != 1 {
				t.Errorf("%s: level %d, want 1", e.User.Name, e.Level)
			}
		}
		m := r.Map(t)
		var top []string
		for k := range m {
			top = append(top, k)
		}
		sort.Strings(top)
		if diff := cmp.Diff([]string{"entries", "from", "metric", "period", "team", "to"}, top); diff != "" {
			t.Errorf("leaderboard keys (-want +got):\n%s", diff)
		}
		for _, e := range m["entries"].([]any) {
			var keys []string
			for k := range e.(map[string]any) {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			if diff := cmp.Diff([]string{"level", "points", "rank", "streak", "user"}, keys); diff != "" {
				t.Errorf("entry keys (-want +got):\n%s", diff)
			}
			var ukeys []string
			for k := range e.(map[string]any)["user"].(map[string]any) {
				ukeys = append(ukeys, k)
			}
			sort.Strings(ukeys)
			if diff := cmp.Diff([]string{"id", "name"}, ukeys); diff != "" {
				t.Errorf("entry user keys (-want +got):\n%s", diff)
			}
		}
		if body := strings.ToLower(string(r.Body)); strings.Contains(body, "minute") || strings.Contains(body, "hour") {
			t.Errorf("leaderboard shows time: %s", r.Body)
		}

		// Bad parameters are 422 naming the field; strangers get 404.
		env.Relogin(amy)
		for q, field := range map[string]string{
			"period=year":                "period",
			"period=WEEK":                "period",
			"metric=hours":               "metric",
			"date=2026-02-30":            "date",
			"date=03/04/2026":            "date",
			"period=day&date=2026-3-4":   "date",
			"period=week&date=yesterday": "date",
		} {
			r := env.Do("GET", "/api/v1/teams/"+team+"/leaderboard?"+q, amy.Token, nil)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), `"`+field+`"`) {
				t.Errorf("?%s: %d %s, want 422 naming %s", q, r.Status, r.Body, field)
			}
		}
		env.Relogin(outsider)
		if r := env.Do("GET", "/api/v1/teams/"+team+"/leaderboard", outsider.Token, nil); r.Status != http.StatusNotFound {
			t.Errorf("non-member: %d %s, want 404", r.Status, r.Body)
		}
		if r := env.Do("GET", "/api/v1/teams/no-such-team/leaderboard", outsider.Token, nil); r.Status != http.StatusNotFound {
			t.Errorf("unknown team: %d %s, want 404", r.Status, r.Body)
		}
		if b, _ := getBoard(env, admin, team, url.Values{"period": {"all"}}); len(b.Entries) != 4 {
			t.Errorf("admin (not a member) sees %v, want the 4 members", b.lines())
		}

		// "Every member appears": a deactivated member stays a member, and
		// their history stays.
		call(env, admin, http.StatusOK, "PATCH", "/api/v1/users/"+cy.ID, map[string]any{"active": false})
		b, _ = getBoard(env, amy, team, url.Values{"period": {"all"}})
		if diff := cmp.Diff([]string{"1 Amy 33 0", "1 Zed 33 0", "3 Bea 27 1", "4 Cy 11 1"}, b.lines()); diff != "" {
			t.Errorf("with Cy deactivated (-want +got):\n%s", diff)
		}
	})
}
