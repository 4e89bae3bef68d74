package frontend_test

import (
	"strings"
	"testing"

	"github.com/timestreak/timestreak/internal/testnow"
	"github.com/timestreak/timestreak/sso/ssotest"
)

// TestSignInWithIdentityProvider: the sign-in screen shows "Sign in with
// <provider>"; the button goes through the provider (an in-process one)
// and back to /signin/oidc, which signs the person in without leaving the
// provider's code in the address bar or the history.
func TestSignInWithIdentityProvider(t *testing.T) {
	t.Parallel()
	idp := ssotest.Start(t)
	cfg := idp.Config()
	srv := startServer(t, "TIMESTREAK_OIDC_ISSUER="+cfg.Issuer, "TIMESTREAK_OIDC_CLIENT_ID="+cfg.ClientID,
		"TIMESTREAK_OIDC_CLIENT_SECRET="+cfg.ClientSecret, "TIMESTREAK_OIDC_NAME=Acme ID")
	// The tokens are issued on the server's clock (the test clock).
	idp.Queue(ssotest.Person{Email: "ada@acme.example", Name: "Ada Lovelace", IssuedAt: testnow.Start(t)})

	b := newBrowser(t, srv.URL)
	b.open("/signin")
	b.waitText(".auth-card a.btn", "Sign in with Acme ID")
	b.checkA11y("sign-in with a provider")
	b.shoot("signin-oidc")
	b.click(".auth-card a.btn")
	// Through two other pages and back: retried while the page changes.
	b.waitAsync("the Today screen", `document.querySelector('#today-h') && location.pathname === '/'`)
	if href := eval[string](b, `location.href`); href != srv.URL+"/" {
		t.Errorf("after signing in the address is %s", href)
	}
	eval[bool](b, `(window.__me = '', fetch('/api/v1/me', {headers: {Authorization: 'Bearer ' + JSON.parse(localStorage.getItem('timestreak.session')).access}})
		.then((r) => r.json()).then((m) => { window.__me = m.email + ' ' + m.name; }), true)`)
	b.waitFor("the profile", `window.__me`)
	if me := eval[string](b, `window.__me`); me != "ada@acme.example Ada Lovelace" {
		t.Errorf("signed in as %q", me)
	}
	if strings.Contains(srv.out.String(), cfg.ClientSecret) {
		t.Error("the server's log carries the client secret")
	}
}

// TestPasswordSignInOff: with password sign-in turned off, the sign-in
// and register screens show only the provider's button.
func TestPasswordSignInOff(t *testing.T) {
	t.Parallel()
	idp := ssotest.Start(t)
	cfg := idp.Config()
	srv := startServer(t, "TIMESTREAK_OIDC_ISSUER="+cfg.Issuer, "TIMESTREAK_OIDC_CLIENT_ID="+cfg.ClientID,
		"TIMESTREAK_OIDC_CLIENT_SECRET="+cfg.ClientSecret, "TIMESTREAK_PASSWORD_LOGIN=false")
	b := newBrowser(t, srv.URL)
	for _, path := range []string{"/signin", "/register?invite=abc"} {
		b.open(path)
		b.waitText(".auth-card a.btn", "Sign in with your company account")
		b.waitFor("the password form hidden", `document.querySelector('.auth-card form').hidden`)
		if href := eval[string](b, `document.querySelector('.auth-card a.btn').getAttribute('href')`); strings.Contains(path, "invite") != strings.Contains(href, "invite=abc") {
			t.Errorf("%s: the button goes to %s", path, href)
		}
	}
}
