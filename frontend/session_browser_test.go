package frontend_test

import (
	"net/http"
	"strings"
	"testing"
)

// failRefresh makes the page's next n refreshes answer status without
// reaching the server, and counts every refresh the page sends.
const failRefresh = `(() => {
  if (!window.__realFetch) window.__realFetch = window.fetch;
  window.__refreshCalls = 0;
  window.fetch = (url, init) => {
    if (String(url).endsWith('/auth/refresh')) {
      window.__refreshCalls++;
      if (window.__refreshFails > 0) {
        window.__refreshFails--;
        return Promise.resolve(new Response(JSON.stringify({type: 'about:blank', title: 'x', status: window.__refreshStatus, detail: 'x', errors: []}),
          {status: window.__refreshStatus, headers: {'Content-Type': 'application/problem+json'}}));
      }
    }
    return window.__realFetch(url, init);
  };
  return true;
})()`

// expireAndCall marks the stored access token expired and makes one API
// call through the page's own api.js (the module the page loaded, under its
// build's name), leaving its outcome in window.__res.
const expireAndCall = `(() => {
  const s = JSON.parse(localStorage.getItem('timestreak.session'));
  s.expiresAt = 0;
  localStorage.setItem('timestreak.session', JSON.stringify(s));
  window.__res = '';
  import(new URL('api.js', document.querySelector('script[type=module]').src).href).then((m) => m.api('GET', '/me')).then((me) => { window.__res = 'ok:' + me.id; }, (e) => { window.__res = 'err:' + e.status; });
  return s.refresh;
})()`

// TestRefreshFailureKeepsSession: a server error from refresh is retried
// and never signs the person out; only a 401 does.
func TestRefreshFailureKeepsSession(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana", "ana@example.com")
	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)

	// Two 503s, then the server answers: the call succeeds on a new pair.
	eval[bool](b, `(window.__refreshFails = 2, window.__refreshStatus = 503, `+failRefresh+`)`)
	old := eval[string](b, expireAndCall)
	b.waitFor("the call after two failed refreshes", `window.__res !== ''`)
	if res := eval[string](b, `window.__res`); res != "ok:"+api.user.ID {
		t.Fatalf("call = %q, want ok", res)
	}
	if n := eval[int](b, `window.__refreshCalls`); n != 3 {
		t.Errorf("%d refreshes sent, want 3 (two retried failures and a success)", n)
	}
	if eval[string](b, `JSON.parse(localStorage.getItem('timestreak.session')).refresh`) == old {
		t.Error("the session did not rotate")
	}

	// The server keeps failing: the call fails, the session stays.
	eval[bool](b, `(window.__refreshFails = 100, window.__refreshStatus = 500, `+failRefresh+`)`)
	eval[string](b, expireAndCall)
	b.waitFor("the call to give up", `window.__res !== ''`)
	if res := eval[string](b, `window.__res`); res != "err:500" {
		t.Errorf("call = %q, want err:500", res)
	}
	if eval[bool](b, `localStorage.getItem('timestreak.session') === null`) || strings.HasPrefix(eval[string](b, `location.pathname`), "/signin") {
		t.Error("a server error from refresh signed the person out")
	}

	// A 401 from refresh ends the session.
	eval[bool](b, `(window.__refreshFails = 1, window.__refreshStatus = 401, `+failRefresh+`)`)
	eval[string](b, expireAndCall)
	b.waitFor("the sign-in screen", `location.pathname === '/signin'`)
	if !eval[bool](b, `localStorage.getItem('timestreak.session') === null`) {
		t.Error("the session is still stored after a 401 from refresh")
	}
}

// TestProfileTokens: the Profile screen makes a personal token, shows its
// secret once, lists it and revokes it.
func TestProfileTokens(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	srv.register(t, "Ana", "ana@example.com")
	b := newBrowser(t, srv.URL)
	b.signIn("ana@example.com", password)
	b.goTo("/profile")
	b.waitFor("the tokens section", `document.querySelector('#tokens-h')`)
	b.typeInto(`input[name=token_name]`, "sync script")
	b.setValue(`select[name=scope]`, "read")
	b.setValue(`input[name=expires_in_days]`, "30")
	b.click(`.tokens-card button[type=submit]`)
	b.waitFor("the new secret", `document.querySelector('.token-secret code')?.textContent.startsWith('tsp_')`)
	secret := b.text(`.token-secret code`)
	b.waitText(`.tokens li.token`, "sync script")
	if got := b.text(`.tokens li.token`); !strings.Contains(got, "read") || !strings.Contains(got, "never used") {
		t.Errorf("token row %q, want its scope and no use yet", got)
	}

	reader := &client{t: t, base: srv.URL + "/api/v1", token: secret}
	if st := reader.do("GET", "/me", nil, nil); st != http.StatusOK {
		t.Fatalf("the new token: GET /me = %d", st)
	}
	if st := reader.do("PATCH", "/me", map[string]any{"name": "x"}, nil); st != http.StatusForbidden {
		t.Errorf("a read token: PATCH /me = %d, want 403", st)
	}

	b.checkA11y("profile, tokens")
	b.shoot("profile-tokens")
	b.shootDark("profile-tokens-dark")
	b.click(`.tokens li.token button`)
	b.waitText("dialog[open]", "stop working at once")
	b.click(`dialog[open] #confirm-ok`)
	b.waitFor("the token to go", `!document.querySelector('.tokens li.token')`)
	if st := reader.do("GET", "/me", nil, nil); st != http.StatusUnauthorized {
		t.Errorf("the revoked token: GET /me = %d, want 401", st)
	}
}
