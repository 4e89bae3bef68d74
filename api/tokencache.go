package api

import (
	"sync"
	"time"
)

// verifiedTokens remembers access tokens whose signature and claims have
// been checked, so that a client's next request with the same token skips
// the HMAC and the JSON decoding: a session sends one token for 15 minutes.
// The lookup is by the whole token string, so nothing unverified can match,
// and the expiry is checked again on every use, against the server's clock:
// a cached token still expires on time. ("Not before" and "issued at" held
// when it was verified, and the clock never moves back.)
type verifiedTokens struct {
	mu     sync.Mutex
	tokens map[string]verifiedToken
}

type verifiedToken struct {
	subject string
	expires time.Time
}

const verifiedTokensMax = 10000

// get answers the token's subject if it was verified and is valid at now;
// known is false when the token must be verified in full.
func (v *verifiedTokens) get(raw string, now time.Time) (subject string, known bool) {
	v.mu.Lock()
	t, ok := v.tokens[raw]
	v.mu.Unlock()
	if !ok || !now.Before(t.expires) {
		return "", false
	}
	return t.subject, true
}

func (v *verifiedTokens) put(raw string, t verifiedToken) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.tokens == nil || len(v.tokens) >= verifiedTokensMax {
		v.tokens = make(map[string]verifiedToken)
	}
	v.tokens[raw] = t
}
