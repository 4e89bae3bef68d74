package api_test

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database"
)

// BenchmarkCreateEntry is the entry write path through HTTP, as users send
// it: auth, checks, the batch, the answer, from 64 concurrent clients (32
// per core), for each mix of `timestreak-bench` (cmd/timestreak-bench/loadmix.go
// says what each sends). The users have two months of history, scored.
//
//	go test ./api -run XXX -bench CreateEntry -benchtime 5s
func BenchmarkCreateEntry(b *testing.B) {
	for _, mix := range []string{"today", "keyed", "backfill", "edits", "realistic"} {
		b.Run(mix, func(b *testing.B) { benchMix(b, mix) })
	}
}

type benchUser struct {
	*apitest.User
	patch, del []string
	deleted    atomic.Int64
}

func benchMix(b *testing.B, mix string) {
	env := apitest.New(b, database.SQLite, apitest.Options{Start: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)})
	admin := env.Register("Admin")
	task := env.Task(admin, "Bench")
	team := createTeamAs(env, admin, "Bench")
	users := []*benchUser{{User: admin}}
	for i := range 50 {
		users = append(users, &benchUser{User: env.CreateUser(admin, fmt.Sprintf("User %d", i), "UTC")})
	}
	for _, u := range users {
		env.Must(http.StatusCreated, "PUT", "/api/v1/teams/"+team+"/members/"+u.ID, admin.Token, map[string]any{})
	}
	// Two months of use: the close-out has scored every day before today.
	if err := env.DB.W.Exec("UPDATE users SET start_date = '2026-01-01'").Error; err != nil {
		b.Fatal(err)
	}
	if err := env.Engine.CloseOut(context.Background()); err != nil {
		b.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond) // authentication's user cache
	dates := make([]string, 50)
	for i := range dates {
		dates[i] = time.Date(2026, 3, 2-i, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	if mix == "edits" || mix == "realistic" {
		for _, u := range users {
			for j := range 48 {
				var e struct {
					ID string `json:"id"`
				}
				env.Must(http.StatusCreated, "POST", "/api/v1/entries", u.Token,
					map[string]any{"task_id": task, "date": dates[j%3], "minutes": 5}).JSON(b, &e)
				if j < 8 {
					u.patch = append(u.patch, e.ID)
				} else {
					u.del = append(u.del, e.ID)
				}
			}
		}
	}
	var next atomic.Int64
	b.SetParallelism(32)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := next.Add(1)
			u := users[n%int64(len(users))]
			c := n / int64(len(users))
			method, path, body, headers := benchRequest(mix, u, task, team, dates, c, n)
			r := env.Do(method, path, u.Token, body, headers...)
			if r.Status >= 300 {
				b.Errorf("%s %s: %d %s", method, path, r.Status, r.Body)
				return
			}
		}
	})
}

// benchRequest is user u's request number c of the mix (n numbers it in
// the run), as cmd/timestreak/loadmix.go sends it.
func benchRequest(mix string, u *benchUser, task, team string, dates []string, c, n int64) (method, path string, body any, headers []string) {
	post := func(date string, keyed bool) (string, string, any, []string) {
		var h []string
		if keyed {
			h = []string{"Idempotency-Key", fmt.Sprintf("bench-%d", n)}
		}
		return "POST", "/api/v1/entries", map[string]any{"task_id": task, "date": date, "minutes": 1}, h
	}
	patch := func() (string, string, any, []string) {
		return "PATCH", "/api/v1/entries/" + u.patch[c%int64(len(u.patch))], map[string]any{"minutes": 1 + c%30}, nil
	}
	del := func() (string, string, any, []string) {
		if i := u.deleted.Add(1) - 1; i < int64(len(u.del)) {
			return "DELETE", "/api/v1/entries/" + u.del[i], nil, nil
		}
		return patch()
	}
	switch mix {
	case "keyed":
		return post(dates[0], true)
	case "backfill":
		return post(dates[c%int64(len(dates))], false)
	case "edits":
		if c%10 == 9 {
			return del()
		}
		return patch()
	case "realistic":
		if c%2 == 0 {
			switch (c / 2) % 3 {
			case 0:
				return "GET", "/api/v1/me", nil, nil
			case 1:
				return "GET", "/api/v1/entries?from=" + dates[0] + "&to=" + dates[0], nil, nil
			}
			return "GET", "/api/v1/teams/" + team + "/leaderboard?period=week", nil, nil
		}
		switch w := (c / 2) % 20; {
		case w < 16:
			return post(dates[0], true)
		case w < 18:
			return post(dates[1], true)
		case w == 18:
			return post(dates[2+c%int64(len(dates)-2)], true)
		case (c/40)%2 == 0:
			return patch()
		default:
			return del()
		}
	}
	return post(dates[0], false)
}

// createTeamAs has admin create a team and returns its id.
func createTeamAs(env *apitest.Env, admin *apitest.User, name string) string {
	var t struct {
		ID string `json:"id"`
	}
	env.Must(http.StatusCreated, "POST", "/api/v1/teams", admin.Token, map[string]any{"name": name}).JSON(env.T, &t)
	return t.ID
}
