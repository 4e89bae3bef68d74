package api_test

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
)

func sign(t *testing.T, method jwt.SigningMethod, key any, claims jwt.Claims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Only HS256 tokens signed with the server's secret, unexpired, for an
// active user, get in.
func TestForgedAccessTokens(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env := apitest.New(t, dialect, apitest.Options{})
		ana := env.Register("Ana")
		now := env.Clock.Now()
		valid := func() jwt.RegisteredClaims {
			return jwt.RegisteredClaims{Subject: ana.ID, IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now),
				ExpiresAt: jwt.NewNumericDate(now.Add(15 * time.Minute))}
		}
		secret := []byte(testSecret)

		// The control: a token forged exactly as the server makes them works,
		// so the refusals below are about what was changed.
		env.Must(http.StatusOK, "GET", "/api/v1/me", sign(t, jwt.SigningMethodHS256, secret, valid()), nil)

		noExp := valid()
		noExp.ExpiresAt = nil
		expired := valid()
		expired.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Second))
		future := valid()
		future.IssuedAt, future.NotBefore = jwt.NewNumericDate(now.Add(time.Hour)), jwt.NewNumericDate(now.Add(time.Hour))
		nobody := valid()
		nobody.Subject = "01890000-0000-7000-8000-000000000000"
		noSub := valid()
		noSub.Subject = ""

		rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		notYet := valid()
		notYet.NotBefore = jwt.NewNumericDate(now.Add(time.Hour))
		cases := []struct{ name, token string }{
			{"alg none", sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, valid())},
			{"RS256 with another key", sign(t, jwt.SigningMethodRS256, rsaKey, valid())},
			{"RS256 header over an HMAC of our secret", rsHeaderHMAC(t, secret, valid())},
			{"not yet valid", sign(t, jwt.SigningMethodHS256, secret, notYet)},
			{"other secret", sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-!!"), valid())},
			{"HS384 with our secret", sign(t, jwt.SigningMethodHS384, secret, valid())},
			{"HS512 with our secret", sign(t, jwt.SigningMethodHS512, secret, valid())},
			{"no expiry", sign(t, jwt.SigningMethodHS256, secret, noExp)},
			{"expired", sign(t, jwt.SigningMethodHS256, secret, expired)},
			{"issued in the future", sign(t, jwt.SigningMethodHS256, secret, future)},
			{"unknown user", sign(t, jwt.SigningMethodHS256, secret, nobody)},
			{"no subject", sign(t, jwt.SigningMethodHS256, secret, noSub)},
			{"signature stripped", strings.Join(strings.Split(sign(t, jwt.SigningMethodHS256, secret, valid()), ".")[:2], ".") + "."},
			{"payload swapped", swapPayload(t, sign(t, jwt.SigningMethodHS256, secret, valid()), sign(t, jwt.SigningMethodHS256, []byte("x"), nobody))},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				wantProblem(t, env.Do("GET", "/api/v1/me", c.token, nil), http.StatusUnauthorized)
			})
		}
	})
}

// swapPayload puts the payload of b into the signed token a.
func swapPayload(t *testing.T, a, b string) string {
	t.Helper()
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	return pa[0] + "." + pb[1] + "." + pa[2]
}

// An entry's source says how it was made: a personal token is "api", a
// session is "web", whatever characters the session's JWT happens to hold.
func TestEntrySourceWithJWTContainingTokenPrefix(t *testing.T) {
	parallel(t)
	dbtest.Each(t, func(t *testing.T, dialect string) {
		w := newWorld(t, dialect, apitest.Options{Start: apitest.Monday})
		// A valid session token that contains "tsp_": in base64url the bytes
		// F0 AD | B2 9F C3, with F0 one byte into a 3-byte group, encode as
		// "…tsp_…", and F0 AD B2 9F is U+2DC9F, fine in a JSON string.
		now := w.Clock.Now().Unix()
		enc := base64.RawURLEncoding
		header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
		prefix := fmt.Sprintf(`{"sub":%q,"iat":%d,"exp":%d,"x":"`, w.admin.ID, now, now+900)
		pad := strings.Repeat("a", (1-len(prefix)%3+3)%3)
		payload := enc.EncodeToString([]byte(prefix + pad + "\U0002DC9Fé\"}"))
		mac := hmac.New(sha256.New, []byte(testSecret))
		mac.Write([]byte(header + "." + payload))
		token := header + "." + payload + "." + enc.EncodeToString(mac.Sum(nil))
		if !strings.Contains(token, "tsp_") {
			t.Fatalf("the crafted token %s lacks tsp_", token)
		}
		w.Must(http.StatusOK, "GET", "/api/v1/me", token, nil)
		e := w.logEntry(&apitest.User{Token: token}, map[string]any{"task_id": w.task, "date": "2026-03-02", "minutes": 30})
		if e.Source != "web" {
			t.Errorf("source = %q for a session whose JWT contains \"tsp_\", want web", e.Source)
		}
	})
}

// rsHeaderHMAC is the classic algorithm-confusion token: it claims RS256
// but is signed with HMAC-SHA256 under the server's secret, as if the
// secret were an RSA public key.
func rsHeaderHMAC(t *testing.T, secret []byte, claims jwt.RegisteredClaims) string {
	t.Helper()
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	body, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	unsigned := header + "." + enc.EncodeToString(body)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(unsigned))
	return unsigned + "." + enc.EncodeToString(mac.Sum(nil))
}

// TestVerifiedTokenStillExpires: an access token the server has verified
// before (and skips verifying again) is still refused once it expires.
func TestVerifiedTokenStillExpires(t *testing.T) {
	parallel(t)
	env := apitest.New(t, "sqlite", apitest.Options{})
	ana := env.Register("Ana")
	start := env.Clock.Now()
	env.Must(http.StatusOK, "GET", "/api/v1/me", ana.Token, nil)
	env.Set(start.Add(15*time.Minute - time.Second))
	env.Must(http.StatusOK, "GET", "/api/v1/me", ana.Token, nil)
	env.Set(start.Add(15 * time.Minute))
	wantProblem(t, env.Do("GET", "/api/v1/me", ana.Token, nil), http.StatusUnauthorized)
}
