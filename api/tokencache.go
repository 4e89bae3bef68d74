package api

import (
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// verifiedTokens remembers access tokens whose signature and claims have
// been checked, so that a client's next request with the same token skips
// the HMAC and the JSON decoding: a session sends one token for 15 minutes.
// The lookup is by the whole token string, so nothing unverified can match,
// and the expiry is checked again on every use, against the server's clock:
// a cached token still expires on time. ("Not before" and "issued at" held
// when it was verified, and the clock never moves back.)
//
// It holds at most verifiedTokensMax tokens, the least recently used
// leaving first (golang-lru): a flood of new tokens costs their senders a
// full check each, not everyone else.
type verifiedTokens struct {
	once   sync.Once
	tokens *lru.Cache[string, verifiedToken]
}

type verifiedToken struct {
	subject string
	session string // the session it belongs to ("" for none)
	gen     int64  // the user's token generation it was issued under
	expires time.Time
}

const verifiedTokensMax = 10000

// get answers the token's claims if it was verified and is valid at now;
// known is false when the token must be verified in full. Whether its
// session still holds is checked on every use, not cached: the user's
// token generation is compared by the caller.
func (v *verifiedTokens) get(raw string, now time.Time) (t verifiedToken, known bool) {
	t, ok := v.cache().Get(raw)
	if !ok || !now.Before(t.expires) {
		return verifiedToken{}, false
	}
	return t, true
}

func (v *verifiedTokens) put(raw string, t verifiedToken) { v.cache().Add(raw, t) }

func (v *verifiedTokens) cache() *lru.Cache[string, verifiedToken] {
	v.once.Do(func() {
		c, err := lru.New[string, verifiedToken](verifiedTokensMax)
		if err != nil {
			panic(err) // only for a size below 1
		}
		v.tokens = c
	})
	return v.tokens
}
