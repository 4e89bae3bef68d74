package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/timestreak/timestreak/api"
	"github.com/timestreak/timestreak/internal/app"
	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/org"

	"github.com/jonboulle/clockwork"
)

// The seeded load test measures what the leaderboard costs on a team with a
// history: the in-process server's database is filled by the demo's batched
// seeder and scored by the real close-out and weekly award, then readers
// fetch the team's week board while writers log time.

// seedReport describes the history a seeded run was measured on.
type seedReport struct {
	Users      int     `json:"users"`
	Days       int     `json:"days"`
	Entries    int     `json:"entries"`
	PointsRows int64   `json:"points_rows"`
	SeedSec    float64 `json:"seed_s"`
	ScoreSec   float64 `json:"score_s"`
}

// seededUser is a team member the load acts as.
type seededUser struct {
	token string
	loc   *time.Location
}

// seededWorld is what the clients need: the team, a task, the members.
type seededWorld struct {
	team, task string
	users      []seededUser
	clock      clockwork.Clock // the server's: the writers log on its today
}

// seedLoad fills the empty database with ls.seedUsers people (the admin
// among them) in one team and ls.seedDays days of history, scores it, and
// mints each member an access token that outlives the run.
func seedLoad(ctx context.Context, a *app.App, secret []byte, ls loadSpec, stderr io.Writer) (*seededWorld, *seedReport, error) {
	fmt.Fprintf(stderr, "timestreak-bench: seeding %d people and %d days of history, then scoring it…\n", ls.seedUsers, ls.seedDays)
	res, seeded, scored, err := a.SeedAndScore(ctx, tracking.SeedSpec{Users: ls.seedUsers - 1, Days: ls.seedDays,
		TeamSize: ls.seedUsers, Now: a.Clock.Now().UTC(), Seed: 1, Password: "load-test-password"})
	if err != nil {
		return nil, nil, err
	}
	rep := &seedReport{Users: res.Users, Days: ls.seedDays, Entries: res.Entries, SeedSec: seeded.Seconds(), ScoreSec: scored.Seconds()}
	if err := a.DB.R.WithContext(ctx).Table("points_events").Count(&rep.PointsRows).Error; err != nil {
		return nil, nil, err
	}
	teams, err := a.Tracking.AllTeams(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(teams) != 1 {
		return nil, nil, fmt.Errorf("the seed made %d teams, want one", len(teams))
	}
	w := &seededWorld{team: teams[0].ID, clock: a.Clock}
	var tasks []string
	if err := a.DB.R.WithContext(ctx).Model(&org.Task{}).Order("id").Limit(1).Pluck("id", &tasks).Error; err != nil || len(tasks) == 0 {
		return nil, nil, fmt.Errorf("the seed made no task: %v", err)
	}
	w.task = tasks[0]
	users, err := a.Tracking.Users(ctx)
	if err != nil {
		return nil, nil, err
	}
	now := a.Clock.Now()
	for i := range users {
		loc, err := valid.Zone("timezone", users[i].Timezone)
		if err != nil {
			return nil, nil, err
		}
		// Signed here, without a login: bcrypt for a thousand users would
		// dwarf the run.
		tok, err := api.SignAccess(secret, users[i].ID, now, ls.duration+time.Hour)
		if err != nil {
			return nil, nil, err
		}
		w.users = append(w.users, seededUser{token: tok, loc: loc})
	}
	return w, rep, nil
}

// runSeeded drives ls.concurrency readers of the team's week board and
// ls.writers clients logging one on-time minute each (today in the
// member's zone) at the same time, and reports them apart.
func runSeeded(lc *loadClient, w *seededWorld, ls loadSpec) (*loadReport, error) {
	stop, err := startCPUProfile(ls.cpuProfile)
	if err != nil {
		return nil, err
	}
	defer stop()
	board := "/api/v1/teams/" + w.team + "/leaderboard?period=week"
	started := time.Now()
	deadline := started.Add(ls.duration)
	var readers, writers clientStats
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		readers = runClients(ls.concurrency, deadline, func(n int64) (int, error) {
			return lc.hit("GET", board, w.users[n%int64(len(w.users))].token, nil)
		})
	}()
	go func() {
		defer wg.Done()
		writers = runClients(ls.writers, deadline, func(n int64) (int, error) {
			// Spread over the members in a different order than the readers.
			u := w.users[(n*7919)%int64(len(w.users))]
			today := w.clock.Now().In(u.loc).Format("2006-01-02")
			return lc.hit("POST", "/api/v1/entries", u.token, map[string]any{"task_id": w.task, "date": today, "minutes": 1})
		})
	}()
	wg.Wait()
	elapsed := time.Since(started)
	rep := summarize(readers, "leaderboard", ls.concurrency, len(w.users), elapsed)
	if ls.writers > 0 {
		rep.Writers = summarize(writers, "entries", ls.writers, len(w.users), elapsed)
	}
	return rep, nil
}

// clientStats is what a group of clients saw.
type clientStats struct {
	lat  []time.Duration
	errs map[string]int
}

// runClients runs n clients until the deadline; do sends the n-th request
// of the group and returns its status.
func runClients(n int, deadline time.Time, do func(n int64) (int, error)) clientStats {
	var (
		next atomic.Int64
		mu   sync.Mutex
		wg   sync.WaitGroup
		st   = clientStats{errs: map[string]int{}}
	)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, 4096)
			for time.Now().Before(deadline) {
				t0 := time.Now()
				status, err := do(next.Add(1))
				mine = append(mine, time.Since(t0))
				if err != nil || status >= 300 {
					key := strconv.Itoa(status)
					if err != nil {
						key = "transport"
					}
					mu.Lock()
					st.errs[key]++
					mu.Unlock()
				}
			}
			mu.Lock()
			st.lat = append(st.lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return st
}

// summarize turns latencies and errors into a report.
func summarize(st clientStats, mix string, concurrency, users int, elapsed time.Duration) *loadReport {
	lat := st.lat
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	rep := &loadReport{Mix: mix, Concurrency: concurrency, Users: users, DurationSec: elapsed.Seconds(),
		Requests: len(lat), Throughput: float64(len(lat)) / elapsed.Seconds(), P50ms: pct(0.50), P95ms: pct(0.95),
		P99ms: pct(0.99), MaxMs: pct(1), ErrorsByCode: st.errs}
	for _, n := range st.errs {
		rep.Errors += n
	}
	return rep
}

// checkSeeded validates the seeded mode's flags.
func checkSeeded(ls loadSpec) error {
	switch {
	case ls.seedUsers == 0:
		return nil
	case ls.seedUsers < 2 || ls.seedUsers > 100000:
		return errors.New("--seed-users must be between 2 and 100000")
	case ls.seedDays < 1 || ls.seedDays > 3650:
		return errors.New("--seed-days must be between 1 and 3650")
	case ls.writers < 0:
		return errors.New("--writers must be 0 or more")
	case ls.url != "":
		return errors.New("--seed-users seeds the in-process server's database: leave out --url")
	case ls.mix != "leaderboard":
		return errors.New("--seed-users measures the leaderboard: use it with --mix leaderboard")
	case ls.naive:
		return errors.New("--naive measures entries: leave it out with --seed-users")
	}
	return nil
}
