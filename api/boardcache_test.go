package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/database/dbtest"
)

// boardWorld is a team with two members, an outsider, and a way to compute
// what a board must say straight from the engine, past the cache.
type boardWorld struct {
	*world
	team                 string
	mia, bo, carl, loner *apitest.User
}

func newBoardWorld(t *testing.T, dialect string, ttl time.Duration) *boardWorld {
	w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday, BoardTTL: ttl})
	b := &boardWorld{world: w, team: w.team("Alpha")}
	b.mia = w.CreateUser(w.admin, "Mia", "UTC")
	b.bo = w.CreateUser(w.admin, "Bo", "UTC")
	b.carl = w.CreateUser(w.admin, "Carl", "UTC")
	b.loner = w.CreateUser(w.admin, "Loner", "UTC")
	w.join(b.team, b.mia, "member")
	w.join(b.team, b.bo, "member")
	return b
}

// get reads the team's board as u.
func (b *boardWorld) get(u *apitest.User, query string) *apitest.Response {
	b.T.Helper()
	return b.Do("GET", "/api/v1/teams/"+b.team+"/leaderboard"+query, u.Token, nil)
}

// truth is the board computed now by the engine, as the API marshals it.
func (b *boardWorld) truth(period, date string) []byte {
	b.T.Helper()
	ctx := context.Background()
	team, err := b.Tracking.TeamByID(ctx, b.team)
	if err != nil {
		b.T.Fatal(err)
	}
	board, err := b.Engine.Leaderboard(ctx, team, period, date, "")
	if err != nil {
		b.T.Fatal(err)
	}
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(board)
	return buf.Bytes()
}

// fresh checks that Mia's board (the week of date, default today) is what
// the engine computes now.
func (b *boardWorld) fresh(step, date string) []byte {
	b.T.Helper()
	query := "?period=week"
	if date != "" {
		query += "&date=" + date
	}
	r := b.get(b.mia, query)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/json" {
		b.T.Fatalf("%s: board %d %s %s", step, r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	if want := b.truth("week", date); !bytes.Equal(r.Body, want) {
		b.T.Errorf("%s: a stale board is served:\n got %s\nwant %s", step, r.Body, want)
	}
	return r.Body
}

// exec changes the database behind the server's back, as another replica
// or the command line would: on the connections under the server's write
// pool, whose commits this process does not count (database.DB.Changed).
func (b *boardWorld) exec(query string, args ...any) {
	b.T.Helper()
	raw, err := b.DB.W.DB()
	if err != nil {
		b.T.Fatal(err)
	}
	if b.DB.Dialect == database.Postgres {
		for i := 1; strings.Contains(query, "?"); i++ {
			query = strings.Replace(query, "?", "$"+strconv.Itoa(i), 1)
		}
	}
	if _, err := raw.Exec(query, args...); err != nil {
		b.T.Fatal(err)
	}
}

// relogin signs everyone in again after the clock moved past their tokens.
func (b *boardWorld) relogin() {
	for _, u := range []*apitest.User{b.admin, b.mia, b.bo, b.carl, b.loner} {
		b.Relogin(u)
	}
}

// TestLeaderboardCache: a board is served from the cache until something it
// shows changes through this server, and then at once reflects the change:
// membership, a rename, the close-out (run from the API and by the
// scheduler), the weekly award and recompute.
func TestLeaderboardCache(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		b := newBoardWorld(t, dialect, time.Hour) // only touches expire boards here
		first := b.fresh("first read", "")

		// Served again: a change behind the server's back does not show
		// (for up to the TTL, an hour here).
		b.exec("UPDATE users SET name = ? WHERE id = ?", "Bo Direct", b.bo.ID)
		if r := b.get(b.mia, "?period=week"); !bytes.Equal(r.Body, first) {
			t.Fatalf("the cached board was not served again: %s", r.Body)
		}

		// Membership: added, then removed.
		b.Must(http.StatusCreated, "PUT", "/api/v1/teams/"+b.team+"/members/"+b.carl.ID, b.admin.Token, nil)
		b.fresh("member added", "")
		b.Must(http.StatusOK, "GET", "/api/v1/teams/"+b.team+"/leaderboard", b.carl.Token, nil)
		b.Must(http.StatusNoContent, "DELETE", "/api/v1/teams/"+b.team+"/members/"+b.carl.ID, b.admin.Token, nil)
		b.fresh("member removed", "")
		unknown := b.Do("GET", "/api/v1/teams/nope/leaderboard", b.carl.Token, nil)
		if r := b.get(b.carl, ""); r.Status != http.StatusNotFound || !bytes.Equal(r.Body, unknown.Body) {
			t.Errorf("a removed member gets %d %s, want the unknown team's %d %s", r.Status, r.Body, unknown.Status, unknown.Body)
		}

		// A rename.
		b.Must(http.StatusOK, "PATCH", "/api/v1/me", b.bo.Token, map[string]string{"name": "Bo Renamed"})
		b.fresh("user renamed", "")

		// The close-out, run on demand: Mia's Monday scores.
		b.Log(b.mia, b.task, "2026-03-02", 60)
		before := b.fresh("before the close-out", "")
		b.Set(time.Date(2026, 3, 3, 3, 0, 0, 0, time.UTC))
		b.relogin()
		b.Must(http.StatusOK, "POST", "/api/v1/admin/jobs/closeout/run", b.admin.Token, nil)
		if after := b.fresh("close-out run", ""); bytes.Equal(after, before) {
			t.Errorf("the close-out changed nothing on the board: %s", after)
		}

		// Recompute, from the API and from the engine: the ledger tampered
		// with (through this process's write pool, so the board shows it at
		// once: any committed write to a table the board reads counts) is
		// rebuilt, and the board follows.
		for _, how := range []string{"api", "engine"} {
			if err := b.DB.W.Exec("UPDATE points_events SET points = points + 100 WHERE user_id = ?", b.mia.ID).Error; err != nil {
				t.Fatal(err)
			}
			tampered := b.fresh("a write to the ledger ("+how+")", "")
			if how == "api" {
				b.Must(http.StatusOK, "POST", "/api/v1/admin/recompute", b.admin.Token, nil)
			} else if err := b.Engine.Recompute(context.Background()); err != nil {
				t.Fatal(err)
			}
			if rebuilt := b.fresh("recompute ("+how+")", ""); bytes.Equal(rebuilt, tampered) {
				t.Errorf("recompute (%s) changed nothing on the board: %s", how, rebuilt)
			}
		}

		// The scheduler's close-out and weekly award (engine calls, not
		// requests): the week of March 2 closes, then Mia wins it.
		b.Log(b.mia, b.task, "2026-03-03", 60)
		b.Set(time.Date(2026, 3, 9, 3, 0, 0, 0, time.UTC))
		b.relogin()
		week := b.fresh("before the scheduled close-out", "2026-03-02")
		b.CloseOut()
		closed := b.fresh("scheduled close-out", "2026-03-02")
		if bytes.Equal(closed, week) {
			t.Errorf("the scheduled close-out changed nothing on the board: %s", closed)
		}
		if err := b.Engine.Weekly(context.Background()); err != nil {
			t.Fatal(err)
		}
		if awarded := b.fresh("weekly award", "2026-03-02"); bytes.Equal(awarded, closed) {
			t.Errorf("the weekly award changed nothing on the board: %s", awarded)
		}
	})
}

// TestLeaderboardCacheAccess: the cache keeps the access check and the
// validation answers exactly as they were.
func TestLeaderboardCacheAccess(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		b := newBoardWorld(t, dialect, time.Hour)
		b.fresh("a member's board is cached", "")
		unknown := b.Do("GET", "/api/v1/teams/nope/leaderboard", b.loner.Token, nil)
		wantProblem(t, unknown, http.StatusNotFound)
		for _, query := range []string{"", "?period=week", "?period=year"} {
			r := b.get(b.loner, query)
			if r.Status != http.StatusNotFound || !bytes.Equal(r.Body, unknown.Body) {
				t.Errorf("a non-member (%q) gets %d %s, want the unknown team's %d %s", query, r.Status, r.Body, unknown.Status, unknown.Body)
			}
		}
		b.Must(http.StatusOK, "GET", "/api/v1/teams/"+b.team+"/leaderboard", b.admin.Token, nil)
		wantProblem(t, b.Do("GET", "/api/v1/teams/nope/leaderboard", b.admin.Token, nil), http.StatusNotFound)
		wantProblem(t, b.get(b.mia, "?period=year"), http.StatusUnprocessableEntity, "period")
		wantProblem(t, b.get(b.mia, "?metric=hours"), http.StatusUnprocessableEntity, "metric")
		wantProblem(t, b.get(b.mia, "?date=monday"), http.StatusUnprocessableEntity, "date")
		for _, query := range []string{"?period=day", "?period=month&metric=streak", "?period=all", "?date=2026-02-01"} {
			r := b.Must(http.StatusOK, "GET", "/api/v1/teams/"+b.team+"/leaderboard"+query, b.bo.Token, nil)
			var board struct {
				Period  string `json:"period"`
				Entries []any  `json:"entries"`
			}
			r.JSON(t, &board)
			if len(board.Entries) != 2 {
				t.Errorf("%s: %s", query, r.Body)
			}
		}
	})
}

// TestLeaderboardCacheSurvivesOnTimeEntries: an entry logged on time earns
// nothing before its date closes, so it leaves the cached boards in place.
func TestLeaderboardCacheSurvivesOnTimeEntries(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		b := newBoardWorld(t, dialect, time.Hour)
		first := b.fresh("first read", "")
		b.exec("UPDATE users SET name = ? WHERE id = ?", "Bo Direct", b.bo.ID) // a marker: shows once the board is recomputed
		b.Log(b.mia, b.task, "2026-03-02", 30)
		b.Log(b.bo, b.task, "2026-03-02", 45)
		if r := b.get(b.mia, "?period=week"); !bytes.Equal(r.Body, first) {
			t.Errorf("an on-time entry dropped the cached board: %s", r.Body)
		}
	})
}

// TestLeaderboardCacheLateEntry: a backfilled entry of a finalized date
// earns its late points at once, and the board shows them at once.
func TestLeaderboardCacheLateEntry(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		b := newBoardWorld(t, dialect, time.Hour)
		b.Set(time.Date(2026, 3, 4, 3, 0, 0, 0, time.UTC)) // Monday and Tuesday closed
		b.relogin()
		b.CloseOut()
		before := b.fresh("before the late entry", "")
		b.Log(b.bo, b.task, "2026-03-03", 60) // a day late: 8 points
		if after := b.fresh("late entry", ""); bytes.Equal(after, before) {
			t.Errorf("the late entry changed nothing on the board: %s", after)
		}
	})
}

// TestLeaderboardCacheExpires: a change this server did not make (another
// replica, the command line) shows once the TTL has passed.
func TestLeaderboardCacheExpires(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		const ttl = 100 * time.Millisecond
		b := newBoardWorld(t, dialect, ttl)
		first := b.fresh("first read", "")
		b.exec("UPDATE users SET name = ? WHERE id = ?", "Bo Elsewhere", b.bo.ID)
		time.Sleep(ttl + 50*time.Millisecond)
		if again := b.fresh("after the TTL", ""); bytes.Equal(again, first) {
			t.Errorf("the change made elsewhere never showed: %s", again)
		}
	})
}

// TestLeaderboardCacheConcurrentReaders: readers arriving together while
// writes touch the boards all get a board that is current for them.
func TestLeaderboardCacheConcurrentReaders(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		b := newBoardWorld(t, dialect, time.Hour)
		b.fresh("first read", "")
		for _, name := range []string{"Bo One", "Bo Two", "Bo Three"} {
			b.Must(http.StatusOK, "PATCH", "/api/v1/me", b.bo.Token, map[string]string{"name": name})
			want := b.truth("week", "")
			for _, r := range concurrently(b.Env, 16, "GET", "/api/v1/teams/"+b.team+"/leaderboard?period=week", b.mia.Token, "") {
				if r.Err != nil || r.Status != http.StatusOK || !bytes.Equal(r.Body, want) {
					t.Fatalf("after renaming Bo %q: %d %s %v, want %s", name, r.Status, r.Body, r.Err, want)
				}
			}
		}
	})
}
