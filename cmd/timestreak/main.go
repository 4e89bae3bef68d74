// Command timestreak serves the timestreak API and web app, and runs the
// operator commands: migrate, user create, recompute.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones work in a minimal container image too

	"github.com/jonboulle/clockwork"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/timestreak/timestreak/api"
	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/frontend"
	"github.com/timestreak/timestreak/game"
	"github.com/timestreak/timestreak/tracking"
)

const usage = `timestreak — gamified time tracking for remote teams

Usage:
  timestreak [serve] [flags]      run the server (the default)
  timestreak migrate [flags]      apply database migrations and exit
  timestreak demo [--users 8] [--days 60] [flags]
                                  fill an empty database with a demo team and its history
  timestreak user create --email E --name N [--admin] [--password P] [--timezone Z]
                                  create a user (password from stdin when not given)
  timestreak recompute [flags]    rebuild ledger, streaks and badges from day records
  timestreak loadtest [--url U] [--concurrency 64] [--duration 10s] [--mix entries|me|leaderboard|mixed]
                    [--generator go|wrk] [--naive] [--json]
                                  drive load at a server (default: an in-process one on a temp SQLite;
                                  --naive adds the naive and JWT-only anchors in the same run;
                                  --seed-users 1000 --seed-days 365 [--writers 4] seeds it, for --mix leaderboard)
  timestreak backup FILE [flags]  write a consistent snapshot of the SQLite database, online
  timestreak healthcheck          exit 0 when the local server answers /healthz (for containers)
  timestreak import --from toggl|clockify|kimai|harvest [--dry-run] [--date-order dmy|mdy] [--json] FILE
                                  import another tracker's CSV export (users must exist)

Run "timestreak serve -h" for the settings; each is also a TIMESTREAK_* variable.
`

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(args, stderr)
	case "migrate":
		err = migrate(args, stdout, stderr)
	case "user":
		err = userCmd(args, stdin, stdout, stderr)
	case "recompute":
		err = recompute(args, stdout, stderr)
	case "demo":
		err = demo(args, stdout, stderr)
	case "loadtest":
		err = loadtest(args, stdout, stderr)
	case "backup":
		err = backup(args, stdout, stderr)
	case "healthcheck":
		err = healthcheck(args, stderr)
	case "import":
		err = importCmd(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = fmt.Errorf("unknown command %q; run timestreak help", cmd)
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		// One line, whatever the error: drivers like pgx report multi-line errors.
		msg := strings.Join(strings.Fields(err.Error()), " ")
		fmt.Fprintf(stderr, "timestreak: %s\n", msg)
		return 1
	}
	return 0
}

// parse reads flags and the environment into a validated config.
func parse(name string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (*config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// A bad flag is one line, like any bad setting (run prints the error);
	// the flag list goes out only when asked for with -h.
	fs.SetOutput(io.Discard)
	var c config
	validate := bindConfig(fs, &c)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fmt.Fprintf(stderr, "Usage of timestreak %s:\n", name)
			fs.PrintDefaults()
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return &c, validate()
}

// app is everything the server is made of, wired once here.
type app struct {
	log     *slog.Logger
	db      *database.DB
	clock   clockwork.Clock
	fake    *clockwork.FakeClock
	tr      *tracking.Service
	engine  *game.Engine
	webhook *game.Webhook
}

func newLogger(level string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("TIMESTREAK_LOG_LEVEL / --log-level must be debug, info, warn or error, got %q", level)
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

func build(ctx context.Context, c *config, stderr io.Writer) (*app, error) {
	log, err := newLogger(c.LogLevel, stderr)
	if err != nil {
		return nil, err
	}
	db, err := database.Open(c.DatabaseURL, database.Pool{MaxOpen: c.DBMaxOpen, MaxIdle: c.DBMaxIdle, MaxLifetime: c.DBLifetime})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	a := &app{log: log, db: db, clock: clockwork.NewRealClock()}
	if c.TestClock {
		start := c.TestStart
		if start.IsZero() {
			start = time.Now()
		}
		a.fake = clockwork.NewFakeClockAt(start)
		a.clock = a.fake
		log.Warn("test clock enabled: PUT /api/v1/admin/clock can move time; never use this in production")
	}
	a.tr = tracking.New(db, a.clock, tracking.Config{LockDays: c.LockDays, SignupOpen: c.Signup == "open"})
	var sender game.Sender
	if c.WebhookURL != "" {
		a.webhook = game.NewWebhook(c.WebhookURL, log)
		sender = a.webhook
	}
	a.engine = game.New(a.tr, a.clock, c.Grace, sender).WithCloseOutBatch(c.Batch)
	a.tr.SetScoring(a.engine)
	return a, nil
}

func serve(args []string, stderr io.Writer) error {
	var withDemo bool
	c, err := parse("serve", args, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&withDemo, "demo", false, "fill an empty database with a demo team before serving")
	})
	if err != nil {
		return err
	}
	secret, err := c.secret()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	a, err := build(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.db.Close()
	if withDemo {
		if err := seedDemo(ctx, a, demoSpec{users: 8, days: 60, teamSize: 1000}, stderr); err != nil {
			a.log.Warn("demo not loaded", "error", err)
		}
	}
	cu, err := clickup.New(a.tr, clickup.NewClient(c.ClickUpAPI), secret, a.clock, a.log)
	if err != nil {
		return err
	}
	j, err := newJobs(a.engine, a.tr, cu, clickup.NewPusher(cu, nil), a.clock, a.log, a.db)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	var origins []string
	if c.CORSOrigins != "" {
		origins = strings.Split(c.CORSOrigins, ",")
	}
	srv := api.New(a.tr, a.engine, j, a.db, a.clock, api.Config{Secret: secret, TestClock: a.fake,
		Frontend: frontend.Handler(), Registry: reg, CORSOrigins: origins, Logger: a.log,
		WriteRate: c.WriteRate, WriteBurst: c.WriteBurst, ClickUp: cu})
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", c.Addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	if a.webhook != nil {
		go a.webhook.Run(ctx)
	}
	go cu.Run(ctx)
	j.start()
	a.log.Info("timestreak listening", "addr", ln.Addr().String(), "database", a.db.Dialect)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdownCtx)
	if jerr := j.stop(); jerr != nil {
		a.log.Warn("scheduler stop", "error", jerr)
	}
	return err
}

func migrate(args []string, stdout, stderr io.Writer) error {
	c, err := parse("migrate", args, stderr, nil)
	if err != nil {
		return err
	}
	a, err := build(context.Background(), c, stderr)
	if err != nil {
		return err
	}
	defer a.db.Close()
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

func recompute(args []string, stdout, stderr io.Writer) error {
	c, err := parse("recompute", args, stderr, nil)
	if err != nil {
		return err
	}
	ctx := context.Background()
	a, err := build(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.db.Close()
	if err := a.engine.Recompute(ctx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "ledger, streaks and badges recomputed")
	return nil
}

func userCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New(`usage: timestreak user create --email E --name N [--admin] [--password P]`)
	}
	var email, name, password, tz string
	var admin bool
	c, err := parse("user create", args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "email address")
		fs.StringVar(&name, "name", "", "display name")
		fs.StringVar(&password, "password", "", "password (read from stdin when empty)")
		fs.StringVar(&tz, "timezone", "UTC", "IANA time zone")
		fs.BoolVar(&admin, "admin", false, "make the user an admin")
	})
	if err != nil {
		return err
	}
	if password == "" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("no password given: pass --password or write it to stdin")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	ctx := context.Background()
	a, err := build(ctx, c, stderr)
	if err != nil {
		return err
	}
	defer a.db.Close()
	role := tracking.RoleMember
	if admin {
		role = tracking.RoleAdmin
	}
	u, err := a.tr.CreateUser(ctx, tracking.NewUser{Email: email, Name: name, Password: password, Role: role, Timezone: tz})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (%s)\n", u.Role, u.Email, u.ID)
	return nil
}

// healthcheck asks the server on this machine whether it is alive; distroless
// images have no curl for a container HEALTHCHECK.
func healthcheck(args []string, stderr io.Writer) error {
	c, err := parse("healthcheck", args, stderr, nil)
	if err != nil {
		return err
	}
	_, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("TIMESTREAK_ADDR %q: %w", c.Addr, err)
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + port + "/healthz")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %d", resp.StatusCode)
	}
	return nil
}

// backup snapshots the SQLite database while the server may be running.
func backup(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return errors.New("usage: timestreak backup FILE [flags]")
	}
	file, args := args[0], args[1:]
	c, err := parse("backup", args, stderr, nil)
	if err != nil {
		return err
	}
	ctx := context.Background()
	if !database.IsPostgres(c.DatabaseURL) {
		// Opening would create an empty database, and back that up.
		if _, err := os.Stat(database.SQLitePath(c.DatabaseURL)); err != nil {
			return fmt.Errorf("no database at %s", database.SQLitePath(c.DatabaseURL))
		}
	}
	db, err := database.Open(c.DatabaseURL, database.Pool{MaxOpen: 1})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, file); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s; to restore, stop the server and use it as %s\n", file, c.DatabaseURL)
	return nil
}
