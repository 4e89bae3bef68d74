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
	"net"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // time zones work in a minimal container image too

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/timestreak/timestreak/api"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/frontend"
	"github.com/timestreak/timestreak/internal/app"
	"github.com/timestreak/timestreak/tracking/auth"
)

// commands are what `timestreak help` lists, one line each; run dispatches
// them.
var commands = []struct{ name, args, summary string }{
	{"serve", "[flags]", "run the server and the web app (the default command)"},
	{"migrate", "[flags]", "apply the database migrations and exit"},
	{"demo", "[flags]", "fill an empty database with a demo team and its history"},
	{"user create", "--email E --name N [--admin] [flags]", "create a user; the password from stdin unless --password"},
	{"recompute", "[flags]", "rebuild the ledger, streaks and badges from the day records"},
	{"import", "--from TOOL [flags] FILE", "import another tracker's CSV export (its people must exist)"},
	{"backup", "FILE [flags]", "write a consistent snapshot of the SQLite database while it runs"},
	{"healthcheck", "[flags]", "exit 0 when the server on this machine answers /healthz (for containers)"},
	{"help", "[COMMAND]", "list the commands, or show one command's flags"},
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, "timestreak — gamified time tracking for remote teams\n\nUsage:\n  timestreak <command> [flags] [arguments]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun \"timestreak <command> -h\" for a command's flags. Every setting is also a\n"+
		"TIMESTREAK_* environment variable (--lock-days is TIMESTREAK_LOCK_DAYS); a flag wins.\n")
}

// usageError is a command line that cannot be run as written (an unknown
// command or flag, a bad flag value, a missing argument): exit status 2,
// like the Go tools. Other failures exit 1.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func isHelp(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && isHelp(args[0]) {
		printUsage(stdout)
		return 0
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if cmd == "help" {
		if len(args) == 0 {
			printUsage(stdout)
			return 0
		}
		cmd, args = args[0], []string{"-h"}
		if cmd == "user" {
			args = []string{"create", "-h"}
		}
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(args, stdout, stderr)
	case "migrate":
		err = migrate(args, stdout, stderr)
	case "user":
		err = userCmd(args, stdin, stdout, stderr)
	case "recompute":
		err = recompute(args, stdout, stderr)
	case "demo":
		err = demo(args, stdout, stderr)
	case "backup":
		err = backup(args, stdout, stderr)
	case "healthcheck":
		err = healthcheck(args, stdout)
	case "import":
		err = importCmd(args, stdout, stderr)
	default:
		err = usageError{fmt.Errorf("unknown command %q; run timestreak help", cmd)}
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		// One line, whatever the error: drivers like pgx report multi-line errors.
		msg := strings.Join(strings.Fields(err.Error()), " ")
		fmt.Fprintf(stderr, "timestreak: %s\n", msg)
		if errors.As(err, new(usageError)) {
			return 2
		}
		return 1
	}
	return 0
}

// parse reads flags and the environment into a validated config; -h
// prints the command's flags to out. No arguments may follow the flags.
func parse(name string, args []string, out io.Writer, extra func(*flag.FlagSet)) (*config, error) {
	c, rest, err := parseArgs(name, args, out, extra)
	if err == nil && len(rest) > 0 {
		return nil, usageError{fmt.Errorf("unexpected argument %q; run timestreak %s -h", rest[0], name)}
	}
	return c, err
}

// parseArgs is parse for commands that take arguments after their flags.
func parseArgs(name string, args []string, out io.Writer, extra func(*flag.FlagSet)) (*config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// A bad flag is one line, like any bad setting (run prints the error);
	// the flag list goes out only when asked for with -h.
	fs.SetOutput(io.Discard)
	var c config
	finish := bindConfig(fs, &c, commandSets[name])
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandHelp(out, name, fs)
			return nil, nil, err
		}
		msg := err.Error()
		if m := badValue.FindStringSubmatch(msg); m != nil && rules[m[2]] != "" {
			msg = fmt.Sprintf("--%s must be %s, got %s", m[2], rules[m[2]], m[1])
		}
		return nil, nil, usageError{fmt.Errorf("%s: %s; run timestreak %s -h", name, msg, name)}
	}
	if err := finish(); err != nil {
		return nil, nil, err
	}
	return &c, fs.Args(), nil
}

// badValue matches the flag package's message for a value that does not
// parse, to say instead what the setting must be.
var badValue = regexp.MustCompile(`^invalid (?:boolean )?value ("[^"]*") for (?:flag )?-([a-z-]+)`)

func printCommandHelp(w io.Writer, name string, fs *flag.FlagSet) {
	for _, c := range commands {
		if c.name == name {
			fmt.Fprintf(w, "Usage: timestreak %s %s\n\n%s.\n", name, c.args, strings.ToUpper(c.summary[:1])+c.summary[1:])
		}
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprint(w, "\nFlags (a flag wins over its TIMESTREAK_* variable):\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// build opens the application on the configured database.
// withApp opens the database and the engine the config names (app.Open),
// runs a command's work with them and closes them.
func withApp(c *config, stderr io.Writer, run func(context.Context, *app.App) error) error {
	ctx := context.Background()
	a, err := app.Open(ctx, c.appConfig(), stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	return run(ctx, a)
}

func serve(args []string, stdout, stderr io.Writer) error {
	var withDemo bool
	c, err := parse("serve", args, stdout, func(fs *flag.FlagSet) {
		fs.BoolVar(&withDemo, "demo", false, "fill an empty database with a demo team before serving")
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	cfg := c.appConfig()
	// Asked for after the database answers: a server that cannot start
	// leaves no generated secret behind.
	cfg.Secret, cfg.PushKeys = c.secret, c.pushKeys
	cfg.PushContact, cfg.ClickUpAPI, cfg.Slack, cfg.SSO = c.PushContact, c.ClickUpAPI, c.slackConfig(), c.ssoConfig()
	cfg.API = api.Config{Frontend: frontend.Handler(), Registry: reg, CORSOrigins: c.Origins,
		WriteRate: c.WriteRate, WriteBurst: c.WriteBurst, PasswordLoginOff: !c.PasswordLogin}
	a, err := app.New(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close() // the scheduler, the Slack app's answers on their way, the entry writer, the database
	if withDemo {
		if err := seedDemo(ctx, a, demoSpec{users: 8, days: 60, teamSize: 1000}, stderr); err != nil {
			a.Log.Warn("demo not loaded", "error", err)
		}
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", c.Addr, err)
	}
	hs := &http.Server{Handler: a.Server.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	a.Start(ctx)
	a.Jobs.Start()
	a.Log.Info("timestreak listening", "addr", ln.Addr().String(), "database", a.DB.Dialect, "slack", a.Slack != nil)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return hs.Shutdown(shutdownCtx)
}

func migrate(args []string, stdout, stderr io.Writer) error {
	c, err := parse("migrate", args, stdout, nil)
	if err != nil {
		return err
	}
	return withApp(c, stderr, func(context.Context, *app.App) error {
		fmt.Fprintln(stdout, "migrations applied")
		return nil
	})
}

func recompute(args []string, stdout, stderr io.Writer) error {
	c, err := parse("recompute", args, stdout, nil)
	if err != nil {
		return err
	}
	return withApp(c, stderr, func(ctx context.Context, a *app.App) error {
		if err := a.Engine.Recompute(ctx); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "ledger, streaks and badges recomputed")
		return nil
	})
}

func userCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && (isHelp(args[0]) || args[0] == "help") {
		args = []string{"create", "-h"}
	}
	if len(args) == 0 || args[0] != "create" {
		return usageError{errors.New(`usage: timestreak user create --email E --name N [--admin] [--password P]; run timestreak user create -h`)}
	}
	var email, name, password, tz string
	var admin bool
	c, err := parse("user create", args[1:], stdout, func(fs *flag.FlagSet) {
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
	role := auth.RoleMember
	if admin {
		role = auth.RoleAdmin
	}
	return withApp(c, stderr, func(ctx context.Context, a *app.App) error {
		u, err := a.Tracking.CreateUser(ctx, auth.NewUser{Email: email, Name: name, Password: password, Role: role, Timezone: tz})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created %s %s (%s)\n", u.Role, u.Email, u.ID)
		return nil
	})
}

// healthcheck asks the server on this machine whether it is alive; distroless
// images have no curl for a container HEALTHCHECK.
func healthcheck(args []string, stdout io.Writer) error {
	c, err := parse("healthcheck", args, stdout, nil)
	if err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return refuse("addr", c.Addr)
	}
	// The address the server listens on: loopback when it listens on all.
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::", "[::]":
		host = "::1"
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
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
	// FILE comes first (or after the flags).
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	c, rest, err := parseArgs("backup", args, stdout, nil)
	if err != nil {
		return err
	}
	if file == "" && len(rest) > 0 {
		file, rest = rest[0], rest[1:]
	}
	if file == "" || len(rest) > 0 {
		return usageError{errors.New("usage: timestreak backup FILE [flags]; run timestreak backup -h")}
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
