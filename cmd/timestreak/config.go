package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/database"
	"github.com/timestreak/timestreak/internal/app"
	"github.com/timestreak/timestreak/push"
	"github.com/timestreak/timestreak/slackapp"
	"github.com/timestreak/timestreak/sso"
	"github.com/timestreak/timestreak/tracking"
	"github.com/timestreak/timestreak/tracking/org"
)

// config is every setting; each is a flag and a TIMESTREAK_* variable
// (the flag wins).
type config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	JWTSecret   string
	Signup      string
	Grace       time.Duration
	LockDays    int
	WebhookURL  string
	TestClock   bool
	TestStart   time.Time // where the test clock starts; zero: the real now
	DBMaxOpen   int
	DBMaxIdle   int
	DBLifetime  time.Duration
	Batch       int
	WriteRate   float64
	WriteBurst  int
	CORSOrigins string
	Origins     []string // CORSOrigins, checked and split
	LogLevel    string
	ClickUpAPI  string

	// Sign-in with the company's identity provider (OpenID Connect).
	OIDCIssuer       string
	OIDCClientID     string
	OIDCClientSecret string
	OIDCName         string
	OIDCRedirectURL  string
	OIDCAutoCreate   bool
	OIDCDomains      string
	OIDCDomainList   []string // OIDCDomains, checked, lower case
	PasswordLogin    bool

	// Web Push reminders.
	VAPIDPrivateKey string
	PushContact     string

	// The Slack app.
	SlackSigningSecret string
	SlackBotToken      string
	SlackAPI           string
}

// Which commands take a setting: `timestreak CMD -h` lists only these, and
// only these read their TIMESTREAK_* variables.
type cmdSet uint

const (
	inServe cmdSet = 1 << iota
	inMigrate
	inDemo
	inUser
	inRecompute
	inImport
	inBackup
	inHealthcheck

	// inBuild: the commands that open the database through withApp.
	inBuild = inServe | inMigrate | inDemo | inUser | inRecompute | inImport
	// inScore: the commands that finalize dates (the close-out).
	inScore = inServe | inDemo | inRecompute
)

var commandSets = map[string]cmdSet{"serve": inServe, "migrate": inMigrate, "demo": inDemo, "user create": inUser,
	"recompute": inRecompute, "import": inImport, "backup": inBackup, "healthcheck": inHealthcheck}

// envName is the variable of a setting's flag: --lock-days is
// TIMESTREAK_LOCK_DAYS.
func envName(flagName string) string {
	return "TIMESTREAK_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// rules say what each setting must be, for the one line that refuses it.
var rules = map[string]string{
	"addr":                 "a listen address like :8080 or 127.0.0.1:8080",
	"signup":               "invite or open",
	"grace":                "a duration from 0 to 24h, like 2h or 90m",
	"lock-days":            "a whole number of days of at least 1",
	"webhook-url":          "an http(s) URL with a host",
	"test-clock":           "true or false",
	"test-clock-start":     "an RFC 3339 instant like 2026-03-02T12:00:00Z",
	"db-max-open":          "a positive number",
	"db-max-idle":          "0 or more",
	"db-max-lifetime":      "a positive duration like 30m",
	"closeout-batch":       "a number from 1 to 5000",
	"write-rate":           "a number of writes per second (0 for no limit)",
	"write-burst":          "a positive number",
	"cors-origins":         "comma-separated origins, each http(s)://host[:port] with no path",
	"log-level":            "debug, info, warn or error",
	"clickup-api":          "an http(s) URL like " + clickup.DefaultBaseURL,
	"database-url":         "a SQLite path (or file:PATH) or a postgres:// URL",
	"jwt-secret":           "at least 32 characters and not a placeholder (nothing containing change-me, changeme, secret or example)",
	"oidc-issuer":          "the identity provider's issuer, an http(s) URL like https://login.example.com/realms/acme",
	"oidc-name":            "a name of 1 to 60 characters for the sign-in button",
	"oidc-redirect-url":    "an http(s) URL of the web app's " + sso.CallbackPath + ", like https://time.example.com" + sso.CallbackPath,
	"oidc-auto-create":     "true or false",
	"oidc-allowed-domains": "comma-separated email domains like example.com,example.org",
	"password-login":       "true or false",
	"slack-api":            "an http(s) URL like " + slackapp.DefaultAPIURL,
}

// refuse is the one line that stops the start for a bad setting.
func refuse(name, value string) error {
	return fmt.Errorf("%s / --%s must be %s, got %q", envName(name), name, rules[name], value)
}

// bindConfig registers the settings of command cmd on fs with their
// built-in defaults (so -h shows the real types and defaults, never a
// secret from the environment); the others keep their defaults in c. The
// returned function, called after fs.Parse, applies the TIMESTREAK_*
// variables of the settings not given as flags, then validates.
func bindConfig(fs *flag.FlagSet, c *config, cmd cmdSet) func() error {
	spare := flag.NewFlagSet("", flag.ContinueOnError)
	on := func(in cmdSet) *flag.FlagSet {
		if cmd&in != 0 {
			return fs
		}
		return spare
	}
	var testStart string
	on(inServe|inHealthcheck).StringVar(&c.Addr, "addr", ":8080", "listen `address`")
	on(inBuild|inBackup).StringVar(&c.DataDir, "data-dir", "./data", "the `directory` where the SQLite file and the generated secret live")
	on(inBuild|inBackup).StringVar(&c.DatabaseURL, "database-url", "", "a SQLite path or a postgres:// `URL`; empty means <data dir>/timestreak.db")
	on(inServe).StringVar(&c.JWTSecret, "jwt-secret", "", "token signing `key`, 32 characters or more; empty means one generated once and kept in the data dir")
	on(inServe).StringVar(&c.Signup, "signup", "invite", "who may register: invite or open")
	on(inScore).DurationVar(&c.Grace, "grace", 2*time.Hour, "how long after local midnight a date stays open, 0 to 24h")
	on(inServe|inDemo|inImport).IntVar(&c.LockDays, "lock-days", 62, "entries older than this many days are read-only")
	on(inServe).StringVar(&c.WebhookURL, "webhook-url", "", "notifications are also POSTed to this http(s) `URL`")
	on(inBuild&^inMigrate).BoolVar(&c.TestClock, "test-clock", false, "enable PUT /api/v1/admin/clock; never in production")
	on(inBuild&^inMigrate).StringVar(&testStart, "test-clock-start", "", "RFC 3339 `instant` the test clock starts at; empty means now")
	on(inBuild).IntVar(&c.DBMaxOpen, "db-max-open", 20, "PostgreSQL pool size")
	on(inBuild).IntVar(&c.DBMaxIdle, "db-max-idle", 20, "PostgreSQL idle connections kept")
	on(inBuild).DurationVar(&c.DBLifetime, "db-max-lifetime", 30*time.Minute, "PostgreSQL connection lifetime")
	on(inScore).IntVar(&c.Batch, "closeout-batch", 500, "users finalized per close-out transaction, 1 to 5000")
	on(inServe).Float64Var(&c.WriteRate, "write-rate", 100, "writes per second per user before 429; 0 turns the limit off")
	on(inServe).IntVar(&c.WriteBurst, "write-burst", 1500, "writes a user may make at once")
	on(inServe).StringVar(&c.CORSOrigins, "cors-origins", "", "comma-separated `origins` (http(s)://host[:port]) allowed to call the API from a browser")
	on(inBuild).StringVar(&c.LogLevel, "log-level", "info", "`level`: debug, info, warn or error")
	on(inServe).StringVar(&c.ClickUpAPI, "clickup-api", clickup.DefaultBaseURL, "ClickUp API v2 base `URL`")
	on(inServe).StringVar(&c.OIDCIssuer, "oidc-issuer", "", "sign in with this OpenID Connect identity provider (its issuer `URL`)")
	on(inServe).StringVar(&c.OIDCClientID, "oidc-client-id", "", "timestreak's client `id` at the identity provider")
	on(inServe).StringVar(&c.OIDCClientSecret, "oidc-client-secret", "", "timestreak's client `secret` at the identity provider (none for a public client)")
	on(inServe).StringVar(&c.OIDCName, "oidc-name", "", "the identity provider's `name` on the button: Sign in with <name>")
	on(inServe).StringVar(&c.OIDCRedirectURL, "oidc-redirect-url", "", "the `URL` of the web app's "+sso.CallbackPath+" as registered with the provider; empty means the host sign-ins start on")
	on(inServe).BoolVar(&c.OIDCAutoCreate, "oidc-auto-create", false, "make an account for anyone the identity provider vouches for, whatever --signup says")
	on(inServe).StringVar(&c.OIDCDomains, "oidc-allowed-domains", "", "comma-separated email `domains` allowed to sign in with the identity provider; empty means any")
	on(inServe).BoolVar(&c.PasswordLogin, "password-login", true, "allow sign-in, registration and resets by password; false needs --oidc-issuer")
	on(inServe).StringVar(&c.VAPIDPrivateKey, "vapid-private-key", "", "the Web Push VAPID private `key` (base64url P-256); empty means one generated once and kept in the data dir")
	on(inServe).StringVar(&c.PushContact, "push-contact", push.DefaultContact, "where push services can reach the operator: an `email` or https URL")
	on(inServe).StringVar(&c.SlackSigningSecret, "slack-signing-secret", "", "the Slack app's Signing `Secret`; with --slack-bot-token it turns the Slack app on")
	on(inServe).StringVar(&c.SlackBotToken, "slack-bot-token", "", "the Slack app's Bot User OAuth `Token` (xoxb-…)")
	on(inServe).StringVar(&c.SlackAPI, "slack-api", slackapp.DefaultAPIURL, "Slack Web API base `URL`")
	var mine []*flag.Flag
	fs.VisitAll(func(f *flag.Flag) {
		f.Usage += " (" + envName(f.Name) + ")"
		mine = append(mine, f)
	})
	return func() error {
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		for _, f := range mine {
			if v := os.Getenv(envName(f.Name)); v != "" && !given[f.Name] {
				if err := f.Value.Set(v); err != nil {
					return refuse(f.Name, v)
				}
			}
		}
		return c.validate(testStart)
	}
}

// validate checks every setting; each failure is one line naming the
// variable and the flag.
func (c *config) validate(testStart string) error {
	var err error
	switch {
	case c.Addr == "":
		return refuse("addr", c.Addr)
	case c.Grace < 0 || c.Grace > 24*time.Hour:
		return refuse("grace", c.Grace.String())
	case c.LockDays < 1:
		return refuse("lock-days", strconv.Itoa(c.LockDays))
	case c.DBMaxOpen < 1:
		return refuse("db-max-open", strconv.Itoa(c.DBMaxOpen))
	case c.DBMaxIdle < 0:
		return refuse("db-max-idle", strconv.Itoa(c.DBMaxIdle))
	case c.DBLifetime <= 0:
		return refuse("db-max-lifetime", c.DBLifetime.String())
	case c.Batch < 1 || c.Batch > 5000:
		return refuse("closeout-batch", strconv.Itoa(c.Batch))
	case c.WriteRate < 0:
		return refuse("write-rate", strconv.FormatFloat(c.WriteRate, 'g', -1, 64))
	case c.WriteBurst < 1:
		return refuse("write-burst", strconv.Itoa(c.WriteBurst))
	case c.Signup != "invite" && c.Signup != "open":
		return refuse("signup", c.Signup)
	case !httpURL(c.ClickUpAPI):
		return refuse("clickup-api", c.ClickUpAPI)
	case c.WebhookURL != "" && !httpURL(c.WebhookURL):
		return refuse("webhook-url", c.WebhookURL)
	}
	var l slog.Level
	if l.UnmarshalText([]byte(c.LogLevel)) != nil {
		return refuse("log-level", c.LogLevel)
	}
	if testStart != "" {
		if c.TestStart, err = time.Parse(time.RFC3339, testStart); err != nil {
			return refuse("test-clock-start", testStart)
		}
		if !c.TestClock {
			return errors.New("TIMESTREAK_TEST_CLOCK_START / --test-clock-start needs TIMESTREAK_TEST_CLOCK=true")
		}
	}
	if c.Origins, err = parseOrigins(c.CORSOrigins); err != nil {
		return err
	}
	if err := c.validateOIDC(); err != nil {
		return err
	}
	if err := c.validatePush(); err != nil {
		return err
	}
	if c.JWTSecret != "" {
		if err := checkSecret(c.JWTSecret); err != nil {
			return fmt.Errorf("TIMESTREAK_JWT_SECRET / --jwt-secret %w", err)
		}
	}
	if err := c.validateSlack(); err != nil {
		return err
	}
	if c.DatabaseURL == "" {
		c.DatabaseURL = filepath.Join(c.DataDir, "timestreak.db")
	}
	if err := database.CheckURL(c.DatabaseURL); err != nil {
		return fmt.Errorf("TIMESTREAK_DATABASE_URL / --database-url must be %s: %w", rules["database-url"], err)
	}
	return nil
}

// httpURL tells whether s is an absolute http(s) URL with a host.
func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != ""
}

// parseOrigins splits the CORS setting into origins, each exactly
// scheme://host[:port] as a browser sends it in Origin.
func parseOrigins(s string) ([]string, error) {
	var out []string
	for _, o := range strings.Split(s, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		ok := err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != "" &&
			o == u.Scheme+"://"+u.Host && !strings.HasSuffix(u.Host, ":")
		if ok && u.Port() != "" {
			p, err := strconv.Atoi(u.Port())
			ok = err == nil && p >= 1 && p <= 65535
		}
		if !ok {
			return nil, fmt.Errorf("TIMESTREAK_CORS_ORIGINS / --cors-origins: each origin must be http(s)://host[:port] with no path, got %q", o)
		}
		out = append(out, strings.ToLower(o))
	}
	return out, nil
}

// placeholders are parts of sample secrets; a key containing one was
// copied from documentation and is known to others (PRODUCT.md §7).
var placeholders = []string{"change-me", "changeme", "secret", "example"}

// checkSecret refuses a signing key that is short or a known placeholder.
func checkSecret(s string) error {
	if len(s) < 32 {
		return errors.New("must be at least 32 characters")
	}
	lower := strings.ToLower(s)
	for _, p := range placeholders {
		if strings.Contains(lower, p) {
			return fmt.Errorf("contains %q: it looks like a sample value; generate one with: openssl rand -hex 32", p)
		}
	}
	return nil
}

// appConfig is what the application is built from.
func (c *config) appConfig() app.Config {
	return app.Config{DatabaseURL: c.DatabaseURL, Pool: database.Pool{MaxOpen: c.DBMaxOpen, MaxIdle: c.DBMaxIdle, MaxLifetime: c.DBLifetime},
		LogLevel: c.LogLevel, TestClock: c.TestClock, TestStart: c.TestStart,
		Tracking: tracking.Config{LockDays: c.LockDays, Organisation: org.Config{SignupOpen: c.Signup == "open"}},
		Grace:    c.Grace, Batch: c.Batch, WebhookURL: c.WebhookURL}
}

// secret returns the configured signing key, or the one generated on first
// start and kept in the data dir, so tokens survive restarts.
func (c *config) secret() ([]byte, error) {
	if c.JWTSecret != "" {
		if err := checkSecret(c.JWTSecret); err != nil { // validated already; kept for callers that set it
			return nil, fmt.Errorf("TIMESTREAK_JWT_SECRET / --jwt-secret %w", err)
		}
		return []byte(c.JWTSecret), nil
	}
	path := filepath.Join(c.DataDir, "jwt-secret")
	if b, err := os.ReadFile(path); err == nil {
		s := strings.TrimSpace(string(b))
		if err := checkSecret(s); err != nil {
			return nil, fmt.Errorf("%s %w; delete it to generate a new one", path, err)
		}
		return []byte(s), nil
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create data dir %s: %w", c.DataDir, err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	s := hex.EncodeToString(b)
	if err := os.WriteFile(path, []byte(s+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return []byte(s), nil
}
