package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/timestreak/timestreak/tracking/store"
)

func TestVersion(t *testing.T) {
	cases := []struct {
		name string
		a, b []string
		same bool
	}{
		{"the same fields", []string{"a", "b"}, []string{"a", "b"}, true},
		{"a field changed", []string{"a", "b"}, []string{"a", "c"}, false},
		{"a boundary moved", []string{"ab", "c"}, []string{"a", "bc"}, false},
		{"an empty field more", []string{"a"}, []string{"a", ""}, false},
	}
	for _, c := range cases {
		if got := store.Version(c.a...) == store.Version(c.b...); got != c.same {
			t.Errorf("%s: same version = %v, want %v", c.name, got, c.same)
		}
	}
	if v := store.Version("x"); len(v) != 24 {
		t.Errorf("version %q is not 24 hex digits", v)
	}
}

func TestSecrets(t *testing.T) {
	a, b := store.RandomToken("tsp_"), store.RandomToken("tsp_")
	if a == b || !strings.HasPrefix(a, "tsp_") || len(a) != len("tsp_")+43 {
		t.Errorf("tokens %q and %q", a, b)
	}
	if store.HashToken(a) != store.HashToken(a) || store.HashToken(a) == store.HashToken(b) || len(store.HashToken(a)) != 64 {
		t.Errorf("hashes of %q and %q", a, b)
	}
	if x, y := store.NewID(), store.NewID(); x == y || x > y {
		t.Errorf("ids %q then %q: not new and in order", x, y)
	}
}

func TestErrors(t *testing.T) {
	if err := store.NotFound(fmt.Errorf("load: %w", gorm.ErrRecordNotFound)); err != store.ErrNotFound {
		t.Errorf("no row = %v, want ErrNotFound", err)
	}
	other := errors.New("disk full")
	if err := store.NotFound(other); err != other {
		t.Errorf("another error = %v, want it as it is", err)
	}
	for err, want := range map[error]error{
		&store.ConflictError{Reason: "taken"}: store.ErrConflict,
		&store.ForbiddenError{Reason: "no"}:   store.ErrForbidden,
		&store.LockedError{Reason: "too old"}: store.ErrLocked,
	} {
		if !errors.Is(err, want) {
			t.Errorf("%v is not %v", err, want)
		}
	}
}
