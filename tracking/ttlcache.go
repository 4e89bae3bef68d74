package tracking

import (
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// ttlCache keeps rows the request path reads on every request but that
// rarely change: users (authentication) and tasks (the entry write path).
// A change made through this process drops the row at once, and a load
// that began before the drop is not kept (it may have read the old row);
// a change made by another process (another PostgreSQL replica) is seen
// once the copy is ttl old. The ttl is wall-clock time, not the service's
// clock: it bounds how stale a copy can be, which the test clock must not
// stretch.
//
// It holds at most ttlCacheSize rows, the least recently used leaving
// first (golang-lru), so a burst of new keys cannot empty it for everyone.
type ttlCache[V any] struct {
	ttl  time.Duration
	once sync.Once
	lru  *lru.Cache[string, ttlItem[V]]
	mu   sync.Mutex // orders drops against puts
	gen  uint64     // counts drops: a load that began before one must not be kept
}

type ttlItem[V any] struct {
	val     V
	expires time.Time
}

const ttlCacheSize = 10000

func (c *ttlCache[V]) items() *lru.Cache[string, ttlItem[V]] {
	c.once.Do(func() {
		l, err := lru.New[string, ttlItem[V]](ttlCacheSize)
		if err != nil {
			panic(err) // only for a size below 1
		}
		c.lru = l
	})
	return c.lru
}

// get answers a fresh copy, or the generation a load must be kept under.
func (c *ttlCache[V]) get(key string) (v V, gen uint64, ok bool) {
	c.mu.Lock()
	gen = c.gen
	c.mu.Unlock()
	it, ok := c.items().Get(key)
	if !ok || time.Now().After(it.expires) {
		return v, gen, false
	}
	return it.val, gen, true
}

// put keeps a value loaded under gen, unless a drop came in between.
func (c *ttlCache[V]) put(key string, v V, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	c.items().Add(key, ttlItem[V]{val: v, expires: time.Now().Add(c.ttl)})
}

// drop forgets one key, after the change to it committed.
func (c *ttlCache[V]) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.items().Remove(key)
}

// clear forgets everything, after a change that touches many keys
// committed (archiving a project changes all its tasks).
func (c *ttlCache[V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.items().Purge()
}
