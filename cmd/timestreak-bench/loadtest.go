package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/timestreak/timestreak/api"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/frontend"
	"github.com/timestreak/timestreak/internal/apiclient"
	"github.com/timestreak/timestreak/internal/app"
	"github.com/timestreak/timestreak/internal/civil"
	"github.com/timestreak/timestreak/push"
)

// loadSpec is what the load command drives.
type loadSpec struct {
	url         string
	users       int
	concurrency int
	duration    time.Duration
	mix         string // a write mix (loadmix.go), entries, me, leaderboard or mixed
	json        bool
	serverPID   int
	naive       bool
	generator   string // go (in this process) or wrk
	cpuProfile  string
	seedUsers   int // > 0: seed the in-process database (see loadseed.go)
	seedDays    int
	writers     int    // with seedUsers: clients logging entries meanwhile
	postgres    string // in-process servers (and the naive anchor) on this PostgreSQL database, in a schema of their own
	replicas    int    // in-process servers sharing the PostgreSQL database
}

// loadReport is the outcome, printed as text or JSON.
type loadReport struct {
	Mix          string         `json:"mix"`
	Concurrency  int            `json:"concurrency"`
	Users        int            `json:"users"`
	DurationSec  float64        `json:"duration_s"`
	Requests     int            `json:"requests"`
	Throughput   float64        `json:"requests_per_s"`
	P50ms        float64        `json:"p50_ms"`
	P95ms        float64        `json:"p95_ms"`
	P99ms        float64        `json:"p99_ms"`
	MaxMs        float64        `json:"max_ms"`
	Errors       int            `json:"errors"`
	ErrorsByCode map[string]int `json:"errors_by_status"`
	PeakRSSMB    float64        `json:"server_peak_rss_mb"`
	CPUPerReqUs  float64        `json:"process_cpu_us_per_request"` // this process: server and generator when in-process
	InProcess    bool           `json:"in_process"`
	Generator    string         `json:"generator"`
	Writers      *loadReport    `json:"writers,omitempty"` // seeded runs: the clients logging time meanwhile
	Seed         *seedReport    `json:"seed,omitempty"`    // seeded runs: the history measured on
}

func loadtest(args []string, stdout, stderr io.Writer) error {
	var ls loadSpec
	fs := flag.NewFlagSet("timestreak-bench", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	server := serverFlags(fs)
	fs.StringVar(&ls.url, "url", "", "server to load, or several replicas comma-separated, used in turn (default: an in-process server on a temp SQLite database)")
	fs.IntVar(&ls.users, "users", 200, "users to create and spread the load over (each can log 1,440 one-minute entries a day)")
	fs.IntVar(&ls.concurrency, "concurrency", 64, "concurrent clients")
	fs.DurationVar(&ls.duration, "duration", 10*time.Second, "how long to drive the load")
	fs.StringVar(&ls.mix, "mix", "today", "what users send: today, keyed, backfill, edits or realistic (see docs/PERFORMANCE.md); or entries (= today), me, leaderboard, mixed (80/10/10)")
	fs.BoolVar(&ls.json, "json", false, "print the report as JSON")
	fs.IntVar(&ls.serverPID, "server-pid", 0, "with --url: the server's pid, to report its peak memory")
	fs.StringVar(&ls.cpuProfile, "cpuprofile", "", "write a CPU profile of the timestreak run (in-process: server and load generator) to this file")
	fs.BoolVar(&ls.naive, "naive", false, "also measure the anchors in the same run, with the same mix and generator: the naive path (echo + JWT + one gorm statement per request, on SQLite or with --postgres on PostgreSQL) and echo with only the JWT check")
	fs.StringVar(&ls.generator, "generator", "go", "go (clients in this process) or wrk (the wrk program, as the issue measured; one server, not --mix mixed)")
	fs.StringVar(&ls.postgres, "postgres", "", "in-process only: a postgres:// URL; the servers and the naive anchor run on it, each in a fresh schema dropped afterwards")
	fs.IntVar(&ls.replicas, "replicas", 1, "with --postgres: in-process servers sharing the database, the load spread over them in turn")
	fs.IntVar(&ls.seedUsers, "seed-users", 0, "in-process only, with --mix leaderboard: seed this many people in one team, with a scored history, instead of registering --users")
	fs.IntVar(&ls.seedDays, "seed-days", 365, "with --seed-users: days of history")
	fs.IntVar(&ls.writers, "writers", 4, "with --seed-users: clients logging on-time entries while --concurrency clients read the board")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, "Usage: timestreak-bench [flags]\n\nDrive load at a server (default: one in this process) and report latency.\n\nFlags:\n")
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q; run timestreak-bench -h", fs.Arg(0))}
	}
	c, err := server()
	if err != nil {
		return err
	}
	if ls.users < 1 || ls.concurrency < 1 || ls.duration <= 0 || ls.duration > time.Hour {
		return errors.New("--users and --concurrency must be positive and --duration at most 1h")
	}
	if !slices.Contains(append(writeMixes, "entries", "me", "leaderboard", "mixed"), ls.mix) {
		return fmt.Errorf("--mix must be one of %s, entries, me, leaderboard or mixed, got %q", strings.Join(writeMixes, ", "), ls.mix)
	}
	if ls.generator != "go" && ls.generator != "wrk" {
		return fmt.Errorf("--generator must be go or wrk, got %q", ls.generator)
	}
	if ls.generator == "wrk" && (ls.mix == "mixed" || ls.seedUsers > 0 || strings.Contains(ls.url, ",") || ls.replicas > 1) {
		return errors.New("--generator wrk drives one server: not --mix mixed, --seed-users, several --url or --replicas")
	}
	if ls.replicas < 1 || (ls.replicas > 1 && ls.postgres == "") || (ls.postgres != "" && (ls.url != "" || !database.IsPostgres(ls.postgres))) {
		return errors.New("--postgres takes a postgres:// URL for in-process servers (not with --url); --replicas more than 1 needs it")
	}
	if err := checkSeeded(ls); err != nil {
		return err
	}
	ctx := context.Background()
	inProcess := ls.url == ""
	var seeded *seededWorld
	var seed *seedReport
	var age func([]loadUser) error
	if inProcess {
		stop, urls, apps, secret, err := startInProcess(ctx, c, ls, stderr)
		if err != nil {
			return err
		}
		defer stop()
		ls.url = strings.Join(urls, ",")
		ls.serverPID = os.Getpid()
		if ls.seedUsers > 0 {
			if seeded, seed, err = seedLoad(ctx, apps[0], secret, ls, stderr); err != nil {
				return err
			}
		}
		age = func(users []loadUser) error { return ageUsers(ctx, apps[0], users) }
	}
	var rep *loadReport
	if seeded != nil {
		rep, err = runSeeded(newLoadClient(ls.url, ls.concurrency+ls.writers), seeded, ls)
		if rep != nil {
			rep.Seed, rep.PeakRSSMB = seed, peakRSS(ls.serverPID)
		}
	} else {
		rep, err = runLoad(ctx, ls, age)
	}
	if err != nil {
		return err
	}
	for r := rep; r != nil; r = r.Writers {
		r.InProcess = inProcess
	}
	reports := map[string]*loadReport{"timestreak": rep}
	if ls.naive {
		if reports["naive"], reports["jwt_only"], err = runNaive(ctx, ls); err != nil {
			return err
		}
	}
	if ls.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if ls.naive {
			return enc.Encode(reports)
		}
		return enc.Encode(rep)
	}
	printReport(stdout, rep)
	if ls.naive {
		db := "SQLite"
		if ls.postgres != "" {
			db = "PostgreSQL"
		}
		fmt.Fprintf(stdout, "naive anchor (echo + JWT + one gorm %s statement per request), same mix:\n", db)
		printReport(stdout, reports["naive"])
		fmt.Fprintln(stdout, "ceiling anchor (echo + JWT check only, GET):")
		printReport(stdout, reports["jwt_only"])
		if n := reports["naive"].Throughput; n > 0 {
			fmt.Fprintf(stdout, "timestreak / naive: %.2f×\n", rep.Throughput/n)
		}
	}
	return nil
}

func printReport(stdout io.Writer, rep *loadReport) {
	inProcess := rep.InProcess
	if s := rep.Seed; s != nil {
		fmt.Fprintf(stdout, "seeded %d people in one team, %d entries over %d days, %d ledger rows (seeded in %.1fs, scored in %.1fs)\n",
			s.Users, s.Entries, s.Days, s.PointsRows, s.SeedSec, s.ScoreSec)
	}
	fmt.Fprintf(stdout, "%s at %d clients for %.1fs over %d users%s\n", rep.Mix, rep.Concurrency, rep.DurationSec, rep.Users,
		map[bool]string{true: " (in-process)", false: ""}[inProcess]+map[bool]string{true: ", driven by wrk"}[rep.Generator == "wrk"])
	fmt.Fprintf(stdout, "  requests   %d (%.0f/s)\n  latency    p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms\n  errors     %d %v\n",
		rep.Requests, rep.Throughput, rep.P50ms, rep.P95ms, rep.P99ms, rep.MaxMs, rep.Errors, rep.ErrorsByCode)
	if rep.PeakRSSMB > 0 {
		label := "server peak RSS"
		if inProcess {
			label = "peak RSS (server and load generator)"
		}
		fmt.Fprintf(stdout, "  memory     %s %.1f MB\n", label, rep.PeakRSSMB)
	}
	if rep.CPUPerReqUs > 0 {
		label := "load generator"
		switch {
		case rep.Generator == "wrk" && inProcess:
			label = "server; wrk runs apart"
		case inProcess:
			label = "server and load generator"
		}
		fmt.Fprintf(stdout, "  cpu        %.0f µs per request (%s)\n", rep.CPUPerReqUs, label)
	}
	if rep.Writers != nil {
		fmt.Fprintln(stdout, "meanwhile, writers logging on-time entries:")
		printReport(stdout, rep.Writers)
	}
}

// runNaive drives the naive anchors with the same mix, clients and
// duration: the naive path, then echo with only the JWT check.
func runNaive(ctx context.Context, ls loadSpec) (naive, jwtOnly *loadReport, err error) {
	stop, url, t, err := startNaive(ls)
	if err != nil {
		return nil, nil, err
	}
	defer stop()
	lc := newLoadClient(url, ls.concurrency)
	if needsPool(ls.mix) {
		if err := makePools(lc, t); err != nil {
			return nil, nil, err
		}
	}
	if naive, err = driveWith(lc, url, t, ls); err != nil {
		return nil, nil, err
	}
	naive.Mix, naive.InProcess = "naive "+ls.mix, true
	spec := ls
	spec.mix = "ping"
	if jwtOnly, err = driveWith(lc, url, t, spec); err != nil {
		return nil, nil, err
	}
	jwtOnly.Mix, jwtOnly.InProcess = "echo + JWT only", true
	return naive, jwtOnly, nil
}

// startInProcess serves timestreak on loopback: on a temp SQLite database,
// or with --postgres on a fresh schema of that database, as --replicas
// servers sharing it.
func startInProcess(ctx context.Context, c app.Config, ls loadSpec, stderr io.Writer) (stop func(), urls []string, apps []*app.App, secret []byte, err error) {
	dir, err := os.MkdirTemp("", "timestreak-load")
	if err != nil {
		return nil, nil, nil, nil, err
	}
	var stops []func()
	stop = func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
		os.RemoveAll(dir)
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	c.DatabaseURL = filepath.Join(dir, "timestreak.db")
	if ls.postgres != "" {
		url, drop, err := freshSchema(ls.postgres, "load")
		if err != nil {
			return nil, nil, nil, nil, err
		}
		stops = append(stops, drop)
		c.DatabaseURL = url
	}
	secret = make([]byte, 32)
	if _, err = rand.Read(secret); err != nil {
		return nil, nil, nil, nil, err
	}
	c.Secret = func() ([]byte, error) { return secret, nil }
	c.PushKeys = func() (push.Keys, error) { return push.LoadKeys(dir) }
	for range ls.replicas {
		c.API = api.Config{Frontend: frontend.Handler(), Registry: prometheus.NewRegistry()}
		a, err := app.New(ctx, c, stderr)
		if err != nil {
			return nil, nil, nil, nil, err
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			a.Close()
			return nil, nil, nil, nil, err
		}
		hs := &http.Server{Handler: a.Server.Handler(), ReadHeaderTimeout: 5 * time.Second}
		go hs.Serve(ln)
		stops = append(stops, func() {
			hs.Close()
			a.Close()
		})
		urls, apps = append(urls, "http://"+ln.Addr().String()), append(apps, a)
	}
	return stop, urls, apps, secret, nil
}

// freshSchema makes a schema of its own on the PostgreSQL database at
// base and returns the URL that uses it, and how to drop it.
func freshSchema(base, prefix string) (url string, drop func(), err error) {
	admin, err := database.Open(base, database.Pool{MaxOpen: 1})
	if err != nil {
		return "", nil, err
	}
	schema := prefix + "_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := admin.W.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		admin.Close()
		return "", nil, err
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema, func() {
		admin.W.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	}, nil
}

// ageUsers makes the load's users two months old, as a team that has used
// timestreak a while (their first scored date 60 days back), and runs the
// close-out over those days: backfilled entries then land on finalized
// dates and earn late awards, as they do in use. Not timed.
func ageUsers(ctx context.Context, a *app.App, users []loadUser) error {
	for _, u := range users {
		start, err := time.Parse("2006-01-02", u.today)
		if err != nil {
			return fmt.Errorf("age users: %w", err)
		}
		if err := a.DB.W.WithContext(ctx).Exec("UPDATE users SET start_date = ? WHERE id = ?",
			start.AddDate(0, 0, -60).Format("2006-01-02"), u.id).Error; err != nil {
			return err
		}
	}
	if err := a.Engine.CloseOut(ctx); err != nil {
		return err
	}
	time.Sleep(1100 * time.Millisecond) // authentication's one-second user cache
	return nil
}

// loadClient sends each request to the next of its base URLs in turn, so
// several replicas share the load like behind a round-robin balancer.
type loadClient struct {
	http  *http.Client
	bases []string
	turn  atomic.Uint64
}

func (lc *loadClient) do(method, path, token string, body any) (int, []byte, error) {
	return lc.send(method, path, token, body, true)
}

// hit sends a request and reads the answer without keeping it: a board
// of a thousand members is ~100 KB, and collecting it would cost the load
// generator, on the same cores as the server, more than the server spends.
func (lc *loadClient) hit(method, path, token string, body any) (int, error) {
	status, _, err := lc.send(method, path, token, body, false)
	return status, err
}

func (lc *loadClient) send(method, path, token string, body any, keep bool, headers ...string) (int, []byte, error) {
	base := lc.bases[lc.turn.Add(1)%uint64(len(lc.bases))]
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := apiclient.NewRequest(method, base+path, token, rd, headers...)
	if err != nil {
		return 0, nil, err
	}
	resp, err := lc.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	if !keep {
		_, err = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode, nil, err
	}
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// loadZones spread the load's users around the globe, as a remote team
// is: at any moment their local dates span two days, so the writes spread
// over users and dates and every entry is on time.
var loadZones = []string{"Pacific/Kiritimati", "Asia/Tokyo", "Asia/Kolkata", "Europe/Berlin", "UTC",
	"America/Sao_Paulo", "America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "Pacific/Pago_Pago"}

// localToday is the date in zone now, on this machine's clock: the naive
// anchor runs in this process on the real clock.
func localToday(zone string) string { return civil.Of(time.Now(), civil.Zone(zone)) }

// setup makes the users (the first registered is the admin), a task and a
// team holding everyone.
func setup(lc *loadClient, n int) (users []loadUser, task, team string, err error) {
	suffix := strconv.FormatInt(time.Now().UnixNano(), 36)
	reg := func(i int) (loadUser, error) {
		email := fmt.Sprintf("load%d-%s@example.com", i, suffix)
		zone := loadZones[i%len(loadZones)]
		status, body, err := lc.retry("POST", "/api/v1/auth/register", "", map[string]string{"email": email,
			"password": "load-test-password", "name": fmt.Sprintf("Load %d", i), "timezone": zone})
		if err != nil || status != http.StatusCreated {
			return loadUser{}, fmt.Errorf("register: %d %s %v (use a server with signup=open)", status, body, err)
		}
		var s struct {
			User struct {
				ID string `json:"id"`
			} `json:"user"`
			AccessToken string `json:"access_token"`
		}
		json.Unmarshal(body, &s)
		// The server's today for this user, not this machine's: the server
		// may run on another clock (a test clock, a skewed host).
		status, body, err = lc.do("GET", "/api/v1/me", s.AccessToken, nil)
		if err != nil || status != http.StatusOK {
			return loadUser{}, fmt.Errorf("GET /me: %d %s %v", status, body, err)
		}
		var me struct {
			Stats struct {
				Today struct {
					Date string `json:"date"`
				} `json:"today"`
			} `json:"stats"`
		}
		json.Unmarshal(body, &me)
		return loadUser{token: s.AccessToken, id: s.User.ID, today: me.Stats.Today.Date}.withDates(), nil
	}
	admin, err := reg(0)
	if err != nil {
		return nil, "", "", err
	}
	users = make([]loadUser, n)
	users[0] = admin
	var wg sync.WaitGroup
	errc := make(chan error, n)
	for i := 1; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			u, err := reg(i)
			users[i] = u
			errc <- err
		}(i)
	}
	wg.Wait()
	close(errc)
	for e := range errc {
		if e != nil {
			return nil, "", "", e
		}
	}
	var p, t, tm struct {
		ID string `json:"id"`
	}
	_, body, _ := lc.do("POST", "/api/v1/projects", admin.token, map[string]string{"name": "Load " + suffix})
	json.Unmarshal(body, &p)
	_, body, _ = lc.do("POST", "/api/v1/projects/"+p.ID+"/tasks", admin.token, map[string]string{"name": "Load task"})
	json.Unmarshal(body, &t)
	status, body, _ := lc.do("POST", "/api/v1/teams", admin.token, map[string]string{"name": "Load " + suffix})
	json.Unmarshal(body, &tm)
	if t.ID == "" || tm.ID == "" {
		return nil, "", "", fmt.Errorf("setup: could not create a task and a team (%d %s); the first user must be the admin, so use a fresh server", status, body)
	}
	for _, u := range users {
		lc.do("PUT", "/api/v1/teams/"+tm.ID+"/members/"+u.id, admin.token, map[string]string{"role": "member"})
	}
	return users, t.ID, tm.ID, nil
}

// retry sends a setup request again while the server answers that it is
// busy (a burst of sign-ups waits for password hashing) or limits the rate.
func (lc *loadClient) retry(method, path, token string, body any) (int, []byte, error) {
	for wait := 100 * time.Millisecond; ; wait *= 2 {
		status, data, err := lc.do(method, path, token, body)
		if (status != http.StatusServiceUnavailable && status != http.StatusTooManyRequests) || wait > 10*time.Second {
			return status, data, err
		}
		time.Sleep(wait)
	}
}

func newLoadClient(urls string, concurrency int) *loadClient {
	lc := &loadClient{http: &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: concurrency, MaxConnsPerHost: concurrency}}}
	for _, u := range strings.Split(urls, ",") {
		lc.bases = append(lc.bases, strings.TrimRight(strings.TrimSpace(u), "/"))
	}
	return lc
}

// runLoad makes the users (age, when set, makes them older: in-process
// only), the entries the mix edits, and drives the mix.
func runLoad(ctx context.Context, ls loadSpec, age func([]loadUser) error) (*loadReport, error) {
	lc := newLoadClient(ls.url, ls.concurrency)
	users, task, team, err := setup(lc, ls.users)
	if err != nil {
		return nil, err
	}
	if age != nil && ls.mix != "me" && ls.mix != "leaderboard" {
		if err := age(users); err != nil {
			return nil, err
		}
	}
	t := &loadTarget{users: users, task: task, team: team, prefix: "load-" + strconv.FormatInt(time.Now().UnixNano(), 36)}
	if needsPool(ls.mix) {
		if err := makePools(lc, t); err != nil {
			return nil, err
		}
	}
	stop, err := startCPUProfile(ls.cpuProfile)
	if err != nil {
		return nil, err
	}
	defer stop()
	rep, err := driveWith(lc, ls.url, t, ls)
	if err != nil {
		return nil, err
	}
	if ls.serverPID > 0 {
		rep.PeakRSSMB = peakRSS(ls.serverPID)
	}
	return rep, nil
}

// driveWith drives the load with the chosen generator.
func driveWith(lc *loadClient, base string, t *loadTarget, ls loadSpec) (*loadReport, error) {
	if ls.generator != "wrk" {
		rep := drive(lc, t, ls)
		rep.Generator = "go"
		return rep, nil
	}
	return driveWrk(base, t, ls)
}

// drive runs the clients until the duration is over and summarises.
// Request n goes to user n mod len(users), as that user's request number
// n / len(users) of the mix.
func drive(lc *loadClient, t *loadTarget, ls loadSpec) *loadReport {
	started, cpu0 := time.Now(), processCPU()
	n := int64(len(t.users))
	st := runClients(ls.concurrency, started.Add(ls.duration), func(i int64) (int, error) {
		u := &t.users[i%n]
		return lc.sendReq(t.request(ls.mix, u, i/n, i), u.token)
	})
	rep := summarize(st, ls.mix, ls.concurrency, len(t.users), time.Since(started))
	if rep.Requests > 0 {
		rep.CPUPerReqUs = float64((processCPU() - cpu0).Microseconds()) / float64(rep.Requests)
	}
	return rep
}

// startCPUProfile writes a CPU profile to path until stop is called; an
// empty path profiles nothing.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// processCPU is the CPU time this process has used so far (user and
// system): per request, it compares two server paths driven by the same
// generator in one process.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS reads a process's high-water resident memory (Linux).
func peakRSS(pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return float64(kb) / 1024
		}
	}
	return 0
}
