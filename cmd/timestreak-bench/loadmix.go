package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The load's mixes: what users send. Each request is a function of the
// user and of how many requests that user has sent before (c), so that the
// Go clients (loadmix.go) and wrk's Lua script (wrk.go) send the same
// sequence; keep the two in step.
//
//   - today: a one-minute entry on the user's local today (on time).
//   - keyed: the same with an Idempotency-Key, as the web app sends every
//     entry.
//   - backfill: a one-minute entry c mod 50 days back (49 in 50 late).
//   - edits: PATCH of one of the user's entries (minutes), every tenth
//     request a DELETE of another.
//   - realistic: what the web app and a team produce, per 40 requests of
//     a user: 16 keyed entries today, 2 yesterday, 1 older (late), 1 edit or
//     deletion (in turn), and one read per write: GET /me, today's entries,
//     the team's week board, in turn.
//   - entries (today, the name of earlier versions), me, leaderboard,
//     mixed (80 % entries, 10 % me, 10 % board) and ping (the JWT-only
//     anchor) are single kinds or the earlier mix.
var writeMixes = []string{"today", "keyed", "backfill", "edits", "realistic"}

// backfillDays is how far back the backfill mix and older entries go.
const backfillDays = 50

// A user's entries that the edits and realistic mixes change: poolPatch
// are edited again and again, poolDelete are deleted one by one (the edits
// mix deletes one request in ten).
const (
	poolPatch  = 8
	poolDelete = 40
)

// needsPool tells whether a mix edits or deletes entries made before it.
func needsPool(mix string) bool { return mix == "edits" || mix == "realistic" }

// loadTarget is a server under load as the clients see it.
type loadTarget struct {
	users  []loadUser
	task   string
	team   string
	prefix string // of this run's Idempotency-Keys
}

// loadUser is a signed-in user of the load: dates[d] is their local date d
// days before the load started (dates[0] is today), and their entries to
// edit and delete.
type loadUser struct {
	token, id, today string
	dates            []string
	patch, del       []string
	deleted          *atomic.Int64 // del[:deleted] are gone
}

// withDates fills in the user's dates from today.
func (u loadUser) withDates() loadUser {
	d, err := time.Parse("2006-01-02", u.today)
	if err != nil {
		return u
	}
	u.dates = make([]string, backfillDays)
	for i := range u.dates {
		u.dates[i] = d.AddDate(0, 0, -i).Format("2006-01-02")
	}
	u.deleted = &atomic.Int64{}
	return u
}

// loadReq is one request.
type loadReq struct{ method, path, body, key string }

func entryBody(task, date string) string {
	return fmt.Sprintf(`{"task_id":%q,"date":%q,"minutes":1}`, task, date)
}

// request is user u's request number c of the mix; n numbers the
// request in the run (keys are unique by it).
func (t *loadTarget) request(mix string, u *loadUser, c, n int64) loadReq {
	post := func(date string, keyed bool) loadReq {
		r := loadReq{method: "POST", path: "/api/v1/entries", body: entryBody(t.task, date)}
		if keyed {
			r.key = t.prefix + "-" + strconv.FormatInt(n, 10)
		}
		return r
	}
	patch := func() loadReq {
		if len(u.patch) == 0 {
			return post(u.today, false)
		}
		return loadReq{method: "PATCH", path: "/api/v1/entries/" + u.patch[c%int64(len(u.patch))],
			body: fmt.Sprintf(`{"minutes":%d}`, 1+c%30)}
	}
	del := func() loadReq {
		if i := u.deleted.Add(1) - 1; i < int64(len(u.del)) {
			return loadReq{method: "DELETE", path: "/api/v1/entries/" + u.del[i]}
		}
		return patch()
	}
	switch mix {
	case "today", "entries":
		return post(u.today, false)
	case "keyed":
		return post(u.today, true)
	case "backfill":
		return post(u.dates[c%backfillDays], false)
	case "edits":
		if c%10 == 9 {
			return del()
		}
		return patch()
	case "realistic":
		if c%2 == 0 { // one read per write
			switch (c / 2) % 3 {
			case 0:
				return loadReq{method: "GET", path: "/api/v1/me"}
			case 1:
				return loadReq{method: "GET", path: "/api/v1/entries?from=" + u.today + "&to=" + u.today}
			}
			return loadReq{method: "GET", path: "/api/v1/teams/" + t.team + "/leaderboard?period=week"}
		}
		switch w := (c / 2) % 20; {
		case w < 16:
			return post(u.today, true)
		case w < 18:
			return post(u.dates[1], true)
		case w == 18:
			return post(u.dates[2+c%(backfillDays-2)], true)
		case (c/40)%2 == 0:
			return patch()
		default:
			return del()
		}
	case "me":
		return loadReq{method: "GET", path: "/api/v1/me"}
	case "leaderboard":
		return loadReq{method: "GET", path: "/api/v1/teams/" + t.team + "/leaderboard?period=week"}
	case "mixed":
		switch c % 10 {
		case 8:
			return loadReq{method: "GET", path: "/api/v1/me"}
		case 9:
			return loadReq{method: "GET", path: "/api/v1/teams/" + t.team + "/leaderboard?period=week"}
		}
		return post(u.today, false)
	}
	return loadReq{method: "GET", path: "/api/v1/ping"}
}

// send sends a request of the load and reads the answer without keeping
// it.
func (lc *loadClient) sendReq(r loadReq, token string) (int, error) {
	var headers []string
	if r.key != "" {
		headers = []string{"Idempotency-Key", r.key}
	}
	var body any
	if r.body != "" {
		body = json.RawMessage(r.body)
	}
	status, _, err := lc.send(r.method, r.path, token, body, false, headers...)
	return status, err
}

// makePools logs the entries the edits and realistic mixes change, before
// the clock starts: poolPatch + poolDelete per user, on today and the two
// days before (on time and late alike).
func makePools(lc *loadClient, t *loadTarget) error {
	var wg sync.WaitGroup
	errc := make(chan error, len(t.users))
	for i := range t.users {
		wg.Add(1)
		go func(u *loadUser) {
			defer wg.Done()
			for j := range poolPatch + poolDelete {
				body := fmt.Sprintf(`{"task_id":%q,"date":%q,"minutes":5}`, t.task, u.dates[j%3])
				status, data, err := lc.send("POST", "/api/v1/entries", u.token, json.RawMessage(body), true)
				if err != nil || status != http.StatusCreated {
					errc <- fmt.Errorf("make the entries to edit: %d %s %v", status, data, err)
					return
				}
				var e struct {
					ID json.RawMessage `json:"id"`
				}
				json.Unmarshal(data, &e)
				id := strings.Trim(string(e.ID), `"`)
				if j < poolPatch {
					u.patch = append(u.patch, id)
				} else {
					u.del = append(u.del, id)
				}
			}
		}(&t.users[i])
	}
	wg.Wait()
	close(errc)
	return <-errc
}
