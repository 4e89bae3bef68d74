// Package ssotest runs an OpenID Connect provider in-process for tests
// (github.com/oauth2-proxy/mockoidc): discovery, authorization with PKCE,
// the token endpoint and signed ID tokens, as the protocol says. Each
// sign-in pops the next queued Person; the tokens carry the test's clock.
package ssotest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/timestreak/timestreak/sso"
)

// IdP is a running provider.
type IdP struct {
	*mockoidc.MockOIDC
}

// Start runs a provider until the test ends.
func Start(t testing.TB) *IdP {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatalf("mockoidc: %v", err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return &IdP{m}
}

// Config is timestreak's configuration for this provider.
func (p *IdP) Config() sso.Config {
	c := p.MockOIDC.Config()
	return sso.Config{Issuer: c.Issuer, ClientID: c.ClientID, ClientSecret: c.ClientSecret, Name: "Acme ID"}
}

// Queue makes the next sign-in be this person's.
func (p *IdP) Queue(who Person) { p.QueueUser(&who) }

// Person is someone the provider signs in, and how their ID token reads.
type Person struct {
	Email      string
	Unverified bool   // email_verified false
	Name       string // the name claim
	Audience   string // "" means the client's id
	IssuedAt   time.Time
	TTL        time.Duration // from IssuedAt; 0 means an hour
	Nonce      string        // "" means the one the sign-in sent
}

// ID is the subject.
func (p *Person) ID() string { return "sub-" + p.Email }

// Userinfo is the person at the userinfo endpoint.
func (p *Person) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]string{"sub": p.ID(), "email": p.Email})
}

type claims struct {
	*mockoidc.IDTokenClaims
	Email         string `json:"email"`
	EmailVerified bool   `json:"email_verified"`
	Name          string `json:"name,omitempty"`
}

// Claims are the ID token's claims: mockoidc's, with the person's times,
// audience and nonce when set.
func (p *Person) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	rc := *base.RegisteredClaims
	if !p.IssuedAt.IsZero() {
		ttl := p.TTL
		if ttl == 0 {
			ttl = time.Hour
		}
		rc.IssuedAt, rc.NotBefore = jwt.NewNumericDate(p.IssuedAt), jwt.NewNumericDate(p.IssuedAt)
		rc.ExpiresAt = jwt.NewNumericDate(p.IssuedAt.Add(ttl))
	}
	if p.Audience != "" {
		rc.Audience = jwt.ClaimStrings{p.Audience}
	}
	idc := &mockoidc.IDTokenClaims{RegisteredClaims: &rc, Nonce: base.Nonce}
	if p.Nonce != "" {
		idc.Nonce = p.Nonce
	}
	return &claims{IDTokenClaims: idc, Email: p.Email, EmailVerified: !p.Unverified, Name: p.Name}, nil
}

// Authorize follows a start URL as a browser would, up to the provider's
// redirect back, and answers the code and state it carries. It does not
// follow the redirect back: that is the web app's page.
func Authorize(t testing.TB, client *http.Client, authURL string) (code, state string) {
	t.Helper()
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Get(authURL)
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound {
		t.Fatalf("authorize: status %d, want 302", res.StatusCode)
	}
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatalf("authorize redirect: %v", err)
	}
	return back.Query().Get("code"), back.Query().Get("state")
}
