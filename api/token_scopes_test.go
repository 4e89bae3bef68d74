package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

// TestPersonalTokenScopesOnEveryRoute goes through every authenticated
// route: a read token is refused every write (403); an admin's write token
// is refused every route that needs an admin, which its admin token may
// use; no personal token makes tokens.
func TestPersonalTokenScopesOnEveryRoute(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		admin := env.Register("Ada")
		mia := env.CreateUser(admin, "Mia", "UTC")
		read := makeToken(env, mia.Token, map[string]any{"name": "reader", "scope": "read"})
		write := makeToken(env, admin.Token, map[string]any{"name": "writer"})
		adm := makeToken(env, admin.Token, map[string]any{"name": "ops", "scope": "admin"})
		param := regexp.MustCompile(`:[a-z_]+`)
		unauthenticated := map[string]bool{"/api/v1/auth/register": true, "/api/v1/auth/login": true,
			"/api/v1/auth/refresh": true, "/api/v1/auth/password-reset": true,
			"/api/v1/auth/methods": true, "/api/v1/auth/oidc/start": true, "/api/v1/auth/oidc/callback": true, "/api/v1/push/key": true, "/api/v1/integrations/clickup/webhook": true, "/api/v1/openapi.json": true,
			"/api/v1/integrations/slack/commands": true, "/api/v1/integrations/slack/interactions": true}
		checked := 0
		for _, r := range env.Server.Routes() {
			if !strings.HasPrefix(r.Path, "/api/v1/") || strings.Contains(r.Path, "*") || unauthenticated[r.Path] ||
				r.Path == "/api/v1/auth/logout" { // logging out ends sessions: TestLogoutEndsItsAccessTokens
				continue
			}
			path := param.ReplaceAllString(r.Path, "x")
			var body any
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				body = map[string]any{}
			}
			name := r.Method + " " + r.Path
			stRead := env.Do(r.Method, path, read.Token, body).Status
			stWrite := env.Do(r.Method, path, write.Token, body).Status
			stMia := env.Do(r.Method, path, mia.Token, body).Status
			stAdmin := env.Do(r.Method, path, admin.Token, body).Status
			stAdm := env.Do(r.Method, path, adm.Token, body).Status
			if body != nil && stRead != http.StatusForbidden {
				t.Errorf("%s with a read token: %d, want 403", name, stRead)
			}
			if r.Path == "/api/v1/me/tokens" && r.Method == http.MethodPost {
				if stWrite != http.StatusForbidden || stAdm != http.StatusForbidden {
					t.Errorf("%s with personal tokens: %d, %d, want 403", name, stWrite, stAdm)
				}
				continue
			}
			if stMia == http.StatusForbidden && stAdmin != http.StatusForbidden { // an admin's route
				checked++
				if stWrite != http.StatusForbidden {
					t.Errorf("%s with an admin's write token: %d, want 403", name, stWrite)
				}
				if stAdm == http.StatusForbidden {
					t.Errorf("%s with an admin token: 403, want the admin's answer (%d)", name, stAdmin)
				}
			}
		}
		if checked < 10 {
			t.Errorf("only %d admin routes found", checked)
		}
	})
}
