package tracking

import (
	"testing"
	"time"
)

func TestUserCache(t *testing.T) {
	var c userCache
	ana := &User{ID: "ana", Name: "Ana", Active: true}

	_, gen, ok := c.get("ana")
	if ok {
		t.Fatal("an empty cache answered")
	}
	c.put(ana, gen)
	got, _, ok := c.get("ana")
	if !ok || got.Name != "Ana" {
		t.Fatalf("get after put = %v, %v", got, ok)
	}
	got.Name = "changed by a caller"
	if again, _, _ := c.get("ana"); again.Name != "Ana" {
		t.Errorf("a caller's change reached the cache: %q", again.Name)
	}

	// A load that began before a change must not be kept: it may hold the
	// row from before the change.
	c.drop("ana")
	_, before, _ := c.get("ana")
	c.drop("ana") // the change commits while the load runs
	c.put(ana, before)
	if _, _, ok := c.get("ana"); ok {
		t.Error("a load older than a drop was kept")
	}

	// Another process's change is seen once the copy expires.
	_, gen, _ = c.get("ana")
	c.put(ana, gen)
	c.mu.Lock()
	cu := c.users["ana"]
	cu.expires = time.Now().Add(-time.Millisecond)
	c.users["ana"] = cu
	c.mu.Unlock()
	if _, _, ok := c.get("ana"); ok {
		t.Error("an expired copy was served")
	}
}
