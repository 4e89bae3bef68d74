package tracking

import (
	"fmt"
	"testing"
	"time"
)

func TestTTLCache(t *testing.T) {
	c := ttlCache[User]{ttl: time.Minute}
	ana := User{ID: "ana", Name: "Ana", Active: true}

	_, gen, ok := c.get("ana")
	if ok {
		t.Fatal("an empty cache answered")
	}
	c.put("ana", ana, gen)
	got, _, ok := c.get("ana")
	if !ok || got.Name != "Ana" {
		t.Fatalf("get after put = %v, %v", got, ok)
	}
	got.Name = "changed by a caller"
	if again, _, _ := c.get("ana"); again.Name != "Ana" {
		t.Errorf("a caller's change reached the cache: %q", again.Name)
	}

	// A load that began before a change must not be kept: it may hold the
	// row from before the change. Dropping one key and clearing all count.
	for name, change := range map[string]func(){"drop": func() { c.drop("ana") }, "clear": c.clear} {
		c.drop("ana")
		_, before, _ := c.get("ana")
		change() // the change commits while the load runs
		c.put("ana", ana, before)
		if _, _, ok := c.get("ana"); ok {
			t.Errorf("a load older than a %s was kept", name)
		}
	}

	// Another process's change is seen once the copy expires.
	_, gen, _ = c.get("ana")
	c.put("ana", ana, gen)
	it, _ := c.items().Peek("ana")
	it.expires = time.Now().Add(-time.Millisecond)
	c.items().Add("ana", it)
	if _, _, ok := c.get("ana"); ok {
		t.Error("an expired copy was served")
	}

	// Full, it lets the least recently used row go, not every row.
	for i := range ttlCacheSize + 1 {
		_, gen, _ := c.get("ana")
		c.put(fmt.Sprint("user-", i), ana, gen)
		if i%100 == 0 {
			c.put("ana", ana, gen) // ana is used all along
		}
	}
	if _, _, ok := c.get("ana"); !ok {
		t.Error("a row in use left a full cache")
	}
	if _, _, ok := c.get("user-1"); ok {
		t.Error("the least recently used row stayed in a full cache")
	}
}
