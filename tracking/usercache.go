package tracking

import (
	"context"
	"sync"
	"time"
)

// userCache keeps the users that authenticated recently, because every
// request loads its user (deactivation must take effect at once) and users
// rarely change. A change made through this process drops the user at once;
// a change made by another process (another PostgreSQL replica) is seen
// within userCacheTTL. The TTL is wall-clock time, not the service's clock:
// it bounds how stale a copy can be, which the test clock must not stretch.
type userCache struct {
	mu    sync.Mutex
	users map[string]cachedUser
	gen   uint64 // counts drops: a load that began before one must not be kept
}

type cachedUser struct {
	user    User
	expires time.Time
}

const (
	userCacheTTL  = time.Second
	userCacheSize = 10000
)

// AuthUser is User for authentication: the same answer, from the cache when
// the user was loaded less than a second ago.
func (s *Service) AuthUser(ctx context.Context, id string) (*User, error) {
	u, gen, ok := s.users.get(id)
	if ok {
		return u, nil
	}
	u, err := s.User(ctx, id)
	if err != nil {
		return nil, err
	}
	s.users.put(u, gen)
	return u, nil
}

// get answers a fresh copy, or the generation a load must be kept under.
func (c *userCache) get(id string) (u *User, gen uint64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cu, ok := c.users[id]
	if !ok || time.Now().After(cu.expires) {
		return nil, c.gen, false
	}
	cp := cu.user // a copy: callers may change theirs
	return &cp, c.gen, true
}

// put keeps a user loaded under gen, unless a drop came in between: the
// load may then have read the row from before the change.
func (c *userCache) put(u *User, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.users == nil || len(c.users) >= userCacheSize {
		c.users = map[string]cachedUser{}
	}
	c.users[u.ID] = cachedUser{user: *u, expires: time.Now().Add(userCacheTTL)}
}

// drop forgets a user whose row changed; it is called after the change
// commits.
func (c *userCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.users, id)
}
