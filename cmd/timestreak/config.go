package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/timestreak/timestreak/clickup"
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
	LogLevel    string
	ClickUpAPI  string
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// bindConfig registers the settings on fs with environment defaults; env
// values that do not parse are reported by validate.
func bindConfig(fs *flag.FlagSet, c *config) func() error {
	fs.StringVar(&c.Addr, "addr", envOr("TIMESTREAK_ADDR", ":8080"), "listen address (TIMESTREAK_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", envOr("TIMESTREAK_DATA_DIR", "./data"), "where the SQLite file and the generated secret live (TIMESTREAK_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", envOr("TIMESTREAK_DATABASE_URL", ""), "a SQLite path or a postgres:// URL (TIMESTREAK_DATABASE_URL; default <data dir>/timestreak.db)")
	fs.StringVar(&c.JWTSecret, "jwt-secret", envOr("TIMESTREAK_JWT_SECRET", ""), "token signing key (TIMESTREAK_JWT_SECRET; default generated once in the data dir)")
	fs.StringVar(&c.Signup, "signup", envOr("TIMESTREAK_SIGNUP", "invite"), "invite or open (TIMESTREAK_SIGNUP)")
	grace := fs.String("grace", envOr("TIMESTREAK_GRACE", "2h"), "how long after local midnight a date stays open (TIMESTREAK_GRACE)")
	lock := fs.String("lock-days", envOr("TIMESTREAK_LOCK_DAYS", "62"), "entries older than this many days are read-only (TIMESTREAK_LOCK_DAYS)")
	fs.StringVar(&c.WebhookURL, "webhook-url", envOr("TIMESTREAK_WEBHOOK_URL", ""), "notifications are also POSTed here (TIMESTREAK_WEBHOOK_URL)")
	testClock := fs.String("test-clock", envOr("TIMESTREAK_TEST_CLOCK", "false"), "enable PUT /api/v1/admin/clock; never in production (TIMESTREAK_TEST_CLOCK)")
	testStart := fs.String("test-clock-start", envOr("TIMESTREAK_TEST_CLOCK_START", ""), "RFC 3339 instant the test clock starts at; default now (TIMESTREAK_TEST_CLOCK_START)")
	maxOpen := fs.String("db-max-open", envOr("TIMESTREAK_DB_MAX_OPEN", "20"), "PostgreSQL pool size (TIMESTREAK_DB_MAX_OPEN)")
	maxIdle := fs.String("db-max-idle", envOr("TIMESTREAK_DB_MAX_IDLE", "20"), "PostgreSQL idle connections kept (TIMESTREAK_DB_MAX_IDLE)")
	lifetime := fs.String("db-max-lifetime", envOr("TIMESTREAK_DB_MAX_LIFETIME", "30m"), "PostgreSQL connection lifetime (TIMESTREAK_DB_MAX_LIFETIME)")
	batch := fs.String("closeout-batch", envOr("TIMESTREAK_CLOSEOUT_BATCH", "500"), "users finalized per close-out transaction (TIMESTREAK_CLOSEOUT_BATCH)")
	writeRate := fs.String("write-rate", envOr("TIMESTREAK_WRITE_RATE", "100"), "writes per second per user before 429; 0 turns the limit off (TIMESTREAK_WRITE_RATE)")
	writeBurst := fs.String("write-burst", envOr("TIMESTREAK_WRITE_BURST", "1500"), "writes a user may make at once (TIMESTREAK_WRITE_BURST)")
	fs.StringVar(&c.CORSOrigins, "cors-origins", envOr("TIMESTREAK_CORS_ORIGINS", ""), "comma-separated origins allowed to call the API from a browser (TIMESTREAK_CORS_ORIGINS)")
	fs.StringVar(&c.LogLevel, "log-level", envOr("TIMESTREAK_LOG_LEVEL", "info"), "debug, info, warn or error (TIMESTREAK_LOG_LEVEL)")
	fs.StringVar(&c.ClickUpAPI, "clickup-api", envOr("TIMESTREAK_CLICKUP_API", clickup.DefaultBaseURL), "ClickUp API v2 base URL (TIMESTREAK_CLICKUP_API)")
	return func() error {
		var err error
		if c.Grace, err = time.ParseDuration(*grace); err != nil || c.Grace < 0 {
			return fmt.Errorf("TIMESTREAK_GRACE / --grace must be a duration like 2h or 90m, got %q", *grace)
		}
		if c.LockDays, err = strconv.Atoi(*lock); err != nil || c.LockDays < 1 {
			return fmt.Errorf("TIMESTREAK_LOCK_DAYS / --lock-days must be a whole number of days of at least 1, got %q", *lock)
		}
		if c.TestClock, err = strconv.ParseBool(*testClock); err != nil {
			return fmt.Errorf("TIMESTREAK_TEST_CLOCK / --test-clock must be true or false, got %q", *testClock)
		}
		if *testStart != "" {
			if c.TestStart, err = time.Parse(time.RFC3339, *testStart); err != nil {
				return fmt.Errorf("TIMESTREAK_TEST_CLOCK_START / --test-clock-start must be an RFC 3339 instant like 2026-03-02T12:00:00Z, got %q", *testStart)
			}
			if !c.TestClock {
				return errors.New("TIMESTREAK_TEST_CLOCK_START / --test-clock-start needs TIMESTREAK_TEST_CLOCK=true")
			}
		}
		if c.DBMaxOpen, err = strconv.Atoi(*maxOpen); err != nil || c.DBMaxOpen < 1 {
			return fmt.Errorf("TIMESTREAK_DB_MAX_OPEN / --db-max-open must be a positive number, got %q", *maxOpen)
		}
		if c.Batch, err = strconv.Atoi(*batch); err != nil || c.Batch < 1 || c.Batch > 5000 {
			return fmt.Errorf("TIMESTREAK_CLOSEOUT_BATCH / --closeout-batch must be a number from 1 to 5000, got %q", *batch)
		}
		if c.WriteRate, err = strconv.ParseFloat(*writeRate, 64); err != nil || c.WriteRate < 0 {
			return fmt.Errorf("TIMESTREAK_WRITE_RATE / --write-rate must be a number of writes per second (0 for no limit), got %q", *writeRate)
		}
		if c.WriteBurst, err = strconv.Atoi(*writeBurst); err != nil || c.WriteBurst < 1 {
			return fmt.Errorf("TIMESTREAK_WRITE_BURST / --write-burst must be a positive number, got %q", *writeBurst)
		}
		if c.DBMaxIdle, err = strconv.Atoi(*maxIdle); err != nil || c.DBMaxIdle < 0 {
			return fmt.Errorf("TIMESTREAK_DB_MAX_IDLE / --db-max-idle must be 0 or more, got %q", *maxIdle)
		}
		if c.DBLifetime, err = time.ParseDuration(*lifetime); err != nil || c.DBLifetime <= 0 {
			return fmt.Errorf("TIMESTREAK_DB_MAX_LIFETIME / --db-max-lifetime must be a duration like 30m, got %q", *lifetime)
		}
		if c.Signup != "invite" && c.Signup != "open" {
			return fmt.Errorf("TIMESTREAK_SIGNUP / --signup must be invite or open, got %q", c.Signup)
		}
		if u, err := url.Parse(c.ClickUpAPI); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("TIMESTREAK_CLICKUP_API / --clickup-api must be an http(s) URL like %s, got %q", clickup.DefaultBaseURL, c.ClickUpAPI)
		}
		if c.Addr == "" {
			return errors.New("TIMESTREAK_ADDR / --addr must not be empty")
		}
		if c.DatabaseURL == "" {
			c.DatabaseURL = filepath.Join(c.DataDir, "timestreak.db")
		}
		return nil
	}
}

// secret returns the configured signing key, or the one generated on first
// start and kept in the data dir, so tokens survive restarts.
func (c *config) secret() ([]byte, error) {
	if c.JWTSecret != "" {
		if len(c.JWTSecret) < 32 {
			return nil, errors.New("TIMESTREAK_JWT_SECRET must be at least 32 characters")
		}
		return []byte(c.JWTSecret), nil
	}
	path := filepath.Join(c.DataDir, "jwt-secret")
	if b, err := os.ReadFile(path); err == nil {
		if s := strings.TrimSpace(string(b)); len(s) >= 32 {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("%s is too short; delete it to generate a new one", path)
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
