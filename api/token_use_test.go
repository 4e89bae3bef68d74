package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestPersonalTokenLastUsed: GET /me/tokens tells when each token was last
// used, to the minute.
func TestPersonalTokenLastUsed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		var tok struct {
			Token string `json:"token"`
		}
		env.Must(http.StatusCreated, "POST", "/api/v1/me/tokens", ana.Token, map[string]string{"name": "script"}).JSON(t, &tok)
		lastUsed := func() *time.Time {
			var list []struct {
				LastUsedAt *time.Time `json:"last_used_at"`
			}
			env.Must(http.StatusOK, "GET", "/api/v1/me/tokens", ana.Token, nil).JSON(t, &list)
			return list[0].LastUsedAt
		}
		if lastUsed() != nil {
			t.Fatal("an unused token has a last use")
		}
		first := env.Clock.Now()
		env.Must(http.StatusOK, "GET", "/api/v1/me", tok.Token, nil)
		if got := lastUsed(); got == nil || !got.Equal(first) {
			t.Fatalf("last use %v, want %v", got, first)
		}
		env.Clock.Advance(30 * time.Second)
		env.Must(http.StatusOK, "GET", "/api/v1/me", tok.Token, nil)
		if got := lastUsed(); !got.Equal(first) {
			t.Errorf("use within the minute rewrote the last use: %v", got)
		}
		env.Clock.Advance(31 * time.Second)
		env.Must(http.StatusOK, "GET", "/api/v1/me", tok.Token, nil)
		if got := lastUsed(); !got.Equal(env.Clock.Now()) {
			t.Errorf("last use %v, want %v", got, env.Clock.Now())
		}
	})
}
