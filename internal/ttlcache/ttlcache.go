// Package ttlcache keeps, for a short while, rows read on every request.
package ttlcache

import (
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Cache keeps rows the request path reads on every request but that
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
type Cache[V any] struct {
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

// New is an empty cache whose copies are kept for ttl.
func New[V any](ttl time.Duration) *Cache[V] { return &Cache[V]{ttl: ttl} }

func (c *Cache[V]) items() *lru.Cache[string, ttlItem[V]] {
	c.once.Do(func() {
		l, err := lru.New[string, ttlItem[V]](ttlCacheSize)
		if err != nil {
			panic(err) // only for a size below 1
		}
		c.lru = l
	})
	return c.lru
}

// Get answers a fresh copy, or the generation a load must be kept under.
func (c *Cache[V]) Get(key string) (v V, gen uint64, ok bool) {
	c.mu.Lock()
	gen = c.gen
	c.mu.Unlock()
	it, ok := c.items().Get(key)
	if !ok || time.Now().After(it.expires) {
		return v, gen, false
	}
	return it.val, gen, true
}

// Put keeps a value loaded under gen, unless a drop came in between.
func (c *Cache[V]) Put(key string, v V, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	c.items().Add(key, ttlItem[V]{val: v, expires: time.Now().Add(c.ttl)})
}

// Drop forgets one key, after the change to it committed.
func (c *Cache[V]) Drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.items().Remove(key)
}

// Clear forgets everything, after a change that touches many keys
// committed (archiving a project changes all its tasks).
func (c *Cache[V]) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.items().Purge()
}
