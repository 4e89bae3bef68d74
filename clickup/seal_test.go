package clickup

import (
	"errors"
	"strings"
	"testing"
)

func TestSealRoundTripAndWrongKey(t *testing.T) {
	a, err := newSealer([]byte("server-secret-server-secret-0001"))
	if err != nil {
		t.Fatal(err)
	}
	sealed := a.seal("pk_123_TOKEN")
	if strings.Contains(sealed, "TOKEN") || sealed == a.seal("pk_123_TOKEN") {
		t.Errorf("sealed %q shows the token or repeats its nonce", sealed)
	}
	if got, err := a.open(sealed); err != nil || got != "pk_123_TOKEN" {
		t.Fatalf("open = %q, %v", got, err)
	}
	b, _ := newSealer([]byte("server-secret-server-secret-0002"))
	if _, err := b.open(sealed); !errors.Is(err, errUnsealable) {
		t.Errorf("another secret opened it: %v", err)
	}
	if _, err := newSealer(nil); err == nil {
		t.Error("an empty server secret was accepted")
	}
}
