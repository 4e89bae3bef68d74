package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/labstack/echo/v4"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// The naive path is the anchor that issue #6 measures timestreak against:
// the same stack written plainly — echo, a JWT check, and one gorm INSERT
// per request on one SQLite connection (WAL, synchronous=NORMAL). It runs
// in the same process and load generator, so both figures share a run.

type naiveEntry struct {
	ID      uint `gorm:"primaryKey"`
	UserID  string
	TaskID  string
	Date    string
	Minutes int
}

var naiveSecret = []byte("naive-anchor-secret-naive-anchor-secret")

func startNaive() (stop func(), url string, tokens []string, err error) {
	dir, err := os.MkdirTemp("", "timestreak-naive")
	if err != nil {
		return nil, "", nil, err
	}
	db, err := gorm.Open(sqlite.Open("file:"+filepath.Join(dir, "naive.db")+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000"),
		&gorm.Config{Logger: logger.Discard})
	if err != nil {
		return nil, "", nil, err
	}
	sqlDB, _ := db.DB()
	sqlDB.SetMaxOpenConns(1)
	if err := db.AutoMigrate(&naiveEntry{}); err != nil {
		return nil, "", nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	check := func(c echo.Context) (jwt.RegisteredClaims, bool) {
		raw := strings.TrimPrefix(c.Request().Header.Get("Authorization"), "Bearer ")
		var claims jwt.RegisteredClaims
		_, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return naiveSecret, nil },
			jwt.WithValidMethods([]string{"HS256"}))
		return claims, err == nil
	}
	// The other anchor: echo with only the JWT check.
	e.GET("/api/v1/ping", func(c echo.Context) error {
		if _, ok := check(c); !ok {
			return c.NoContent(http.StatusUnauthorized)
		}
		return c.JSON(http.StatusOK, map[string]bool{"ok": true})
	})
	e.POST("/api/v1/entries", func(c echo.Context) error {
		claims, ok := check(c)
		if !ok {
			return c.NoContent(http.StatusUnauthorized)
		}
		var in naiveEntry
		if err := c.Bind(&in); err != nil {
			return c.NoContent(http.StatusBadRequest)
		}
		in.UserID = claims.Subject
		if err := db.WithContext(c.Request().Context()).Create(&in).Error; err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, in)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	hs := &http.Server{Handler: e}
	go hs.Serve(ln)
	for i := 0; i < 100; i++ {
		tok, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{Subject: "user" + strconv.Itoa(i),
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour))}).SignedString(naiveSecret)
		tokens = append(tokens, tok)
	}
	return func() {
		hs.Shutdown(context.Background())
		sqlDB.Close()
		os.RemoveAll(dir)
	}, "http://" + ln.Addr().String(), tokens, nil
}
