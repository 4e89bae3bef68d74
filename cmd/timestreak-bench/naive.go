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
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// The naive path is the anchor that issues #6 and #15 measure timestreak
// against: the same stack written plainly — echo, a JWT check, and one gorm
// statement per request: on one SQLite connection (WAL,
// synchronous=NORMAL), or with --postgres on a pool of PostgreSQL
// connections. It answers every request of the mixes (loadmix.go) without
// their rules: an INSERT per entry (keys ignored), an UPDATE or DELETE per
// edit, a SELECT per read. It runs in the same process and with the same
// generator and mix, so both figures share a run.

type naiveEntry struct {
	ID      uint `gorm:"primaryKey"`
	UserID  string
	TaskID  string
	Date    string
	Minutes int
}

type naiveUser struct {
	ID   string `gorm:"primaryKey"`
	Name string
}

// naiveScore is the naive board: one row per member.
type naiveScore struct {
	UserID string `gorm:"primaryKey"`
	Points int
}

var naiveSecret = []byte("naive-anchor-secret-naive-anchor-secret")

// naiveDB opens the naive anchor's database: a temp SQLite file, or a
// fresh schema of the PostgreSQL database.
func naiveDB(ls loadSpec) (*gorm.DB, func(), error) {
	cfg := &gorm.Config{Logger: logger.Discard}
	if ls.postgres != "" {
		url, drop, err := freshSchema(ls.postgres, "naive")
		if err != nil {
			return nil, nil, err
		}
		db, err := gorm.Open(postgres.Open(url), cfg)
		if err != nil {
			drop()
			return nil, nil, err
		}
		sqlDB, _ := db.DB()
		sqlDB.SetMaxOpenConns(20) // timestreak's default pool
		sqlDB.SetMaxIdleConns(20)
		return db, func() { sqlDB.Close(); drop() }, nil
	}
	dir, err := os.MkdirTemp("", "timestreak-naive")
	if err != nil {
		return nil, nil, err
	}
	db, err := gorm.Open(sqlite.Open("file:"+filepath.Join(dir, "naive.db")+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000"), cfg)
	if err != nil {
		return nil, nil, err
	}
	sqlDB, _ := db.DB()
	sqlDB.SetMaxOpenConns(1)
	return db, func() { sqlDB.Close(); os.RemoveAll(dir) }, nil
}

func startNaive(ls loadSpec) (stop func(), url string, t *loadTarget, err error) {
	db, closeDB, err := naiveDB(ls)
	if err != nil {
		return nil, "", nil, err
	}
	if err := db.AutoMigrate(&naiveEntry{}, &naiveUser{}, &naiveScore{}); err != nil {
		closeDB()
		return nil, "", nil, err
	}
	// The realistic mix lists a user's entries of a date: a plain app
	// serving that list indexes it. The other mixes only write, and their
	// anchor is the issue's: a table with its primary key alone.
	if ls.mix == "realistic" {
		if err := db.Exec("CREATE INDEX naive_user_date ON naive_entries (user_id, date)").Error; err != nil {
			closeDB()
			return nil, "", nil, err
		}
	}
	t = &loadTarget{task: "naive-task", team: "naive-team", prefix: "naive"}
	today := time.Now().UTC().Format("2006-01-02")
	for i := range ls.users {
		id := "user" + strconv.Itoa(i)
		tok, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{Subject: id,
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour))}).SignedString(naiveSecret)
		t.users = append(t.users, loadUser{token: tok, id: id, today: today}.withDates())
		if err := db.Create(&naiveUser{ID: id, Name: "Naive " + strconv.Itoa(i)}).Error; err != nil {
			closeDB()
			return nil, "", nil, err
		}
		if err := db.Create(&naiveScore{UserID: id, Points: i % 50}).Error; err != nil {
			closeDB()
			return nil, "", nil, err
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		closeDB()
		return nil, "", nil, err
	}
	hs := &http.Server{Handler: naiveRoutes(db)}
	go hs.Serve(ln)
	return func() {
		hs.Shutdown(context.Background())
		closeDB()
	}, "http://" + ln.Addr().String(), t, nil
}

// naiveRoutes answers each request kind of the mixes with one statement.
func naiveRoutes(db *gorm.DB) http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	auth := func(next func(c echo.Context, user string) error) echo.HandlerFunc {
		return func(c echo.Context) error {
			raw := strings.TrimPrefix(c.Request().Header.Get("Authorization"), "Bearer ")
			var claims jwt.RegisteredClaims
			if _, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return naiveSecret, nil },
				jwt.WithValidMethods([]string{"HS256"})); err != nil {
				return c.NoContent(http.StatusUnauthorized)
			}
			return next(c, claims.Subject)
		}
	}
	q := func(c echo.Context) *gorm.DB { return db.WithContext(c.Request().Context()) }
	// The other anchor: echo with only the JWT check.
	e.GET("/api/v1/ping", auth(func(c echo.Context, _ string) error {
		return c.JSON(http.StatusOK, map[string]bool{"ok": true})
	}))
	e.POST("/api/v1/entries", auth(func(c echo.Context, user string) error {
		var in naiveEntry
		if err := c.Bind(&in); err != nil {
			return c.NoContent(http.StatusBadRequest)
		}
		in.ID, in.UserID = 0, user
		if err := q(c).Create(&in).Error; err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, in)
	}))
	e.PATCH("/api/v1/entries/:id", auth(func(c echo.Context, user string) error {
		var in struct {
			Minutes int `json:"minutes"`
		}
		if err := c.Bind(&in); err != nil {
			return c.NoContent(http.StatusBadRequest)
		}
		res := q(c).Model(&naiveEntry{}).Where("id = ? AND user_id = ?", c.Param("id"), user).Update("minutes", in.Minutes)
		if res.Error != nil {
			return res.Error
		}
		return c.JSON(http.StatusOK, in)
	}))
	e.DELETE("/api/v1/entries/:id", auth(func(c echo.Context, user string) error {
		if err := q(c).Where("id = ? AND user_id = ?", c.Param("id"), user).Delete(&naiveEntry{}).Error; err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	}))
	e.GET("/api/v1/entries", auth(func(c echo.Context, user string) error {
		var es []naiveEntry
		if err := q(c).Where("user_id = ? AND date BETWEEN ? AND ?", user, c.QueryParam("from"), c.QueryParam("to")).
			Limit(100).Find(&es).Error; err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"items": es})
	}))
	e.GET("/api/v1/me", auth(func(c echo.Context, user string) error {
		var u naiveUser
		if err := q(c).Where("id = ?", user).Take(&u).Error; err != nil {
			return err
		}
		return c.JSON(http.StatusOK, u)
	}))
	e.GET("/api/v1/teams/:id/leaderboard", auth(func(c echo.Context, _ string) error {
		var board []naiveScore
		if err := q(c).Order("points DESC").Find(&board).Error; err != nil {
			return err
		}
		return c.JSON(http.StatusOK, board)
	}))
	return e
}
