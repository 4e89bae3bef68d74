package ttlcache

import (
	"fmt"
	"testing"
	"time"
)

// user stands for a row the cache keeps.
type user struct{ ID, Name string }

func TestTTLCache(t *testing.T) {
	c := New[user](time.Minute)
	ana := user{ID: "ana", Name: "Ana"}

	_, gen, ok := c.Get("ana")
	if ok {
		t.Fatal("an empty cache answered")
	}
	c.Put("ana", ana, gen)
	got, _, ok := c.Get("ana")
	if !ok || got.Name != "Ana" {
		t.Fatalf("get after put = %v, %v", got, ok)
	}
	got.Name = "changed by a caller"
	if again, _, _ := c.Get("ana"); again.Name != "Ana" {
		t.Errorf("a caller's change reached the cache: %q", again.Name)
	}

	// A load that began before a change must not be kept: it may hold the
	// row from before the change. Dropping one key and clearing all count.
	for name, change := range map[string]func(){"drop": func() { c.Drop("ana") }, "clear": c.Clear} {
		c.Drop("ana")
		_, before, _ := c.Get("ana")
		change() // the change commits while the load runs
		c.Put("ana", ana, before)
		if _, _, ok := c.Get("ana"); ok {
			t.Errorf("a load older than a %s was kept", name)
		}
	}

	// Another process's change is seen once the copy expires.
	_, gen, _ = c.Get("ana")
	c.Put("ana", ana, gen)
	it, _ := c.items().Peek("ana")
	it.expires = time.Now().Add(-time.Millisecond)
	c.items().Add("ana", it)
	if _, _, ok := c.Get("ana"); ok {
		t.Error("an expired copy was served")
	}

	// Full, it lets the least recently used row go, not every row.
	for i := range ttlCacheSize + 1 {
		_, gen, _ := c.Get("ana")
		c.Put(fmt.Sprint("user-", i), ana, gen)
		if i%100 == 0 {
			c.Put("ana", ana, gen) // ana is used all along
		}
	}
	if _, _, ok := c.Get("ana"); !ok {
		t.Error("a row in use left a full cache")
	}
	if _, _, ok := c.Get("user-1"); ok {
		t.Error("the least recently used row stayed in a full cache")
	}
}
