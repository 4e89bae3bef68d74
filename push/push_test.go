package push_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jonboulle/clockwork"

	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/internal/testnow"
	"github.com/timestreak/timestreak/push"
	"github.com/timestreak/timestreak/push/pushtest"
)

// TestKeysKeptInDataDir: the VAPID pair is made once, kept 0600, and the
// same on every start; a damaged file or setting is refused.
func TestKeysKeptInDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := push.LoadKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	again, err := push.LoadKeys(dir)
	if err != nil || again != first {
		t.Fatalf("second start: %+v, %v; want %+v", again, err, first)
	}
	fi, err := os.Stat(filepath.Join(dir, push.KeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, %v; want 0600", fi.Mode(), err)
	}
	if from, err := push.KeysFrom(first.Private); err != nil || from != first {
		t.Errorf("KeysFrom(private) = %+v, %v", from, err)
	}
	for _, bad := range []string{"", "short", strings.Repeat("A", 43), strings.Repeat("_", 43)} {
		if _, err := push.KeysFrom(bad); err == nil {
			t.Errorf("KeysFrom(%q) accepted", bad)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, push.KeyFile), []byte("damaged\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := push.LoadKeys(dir); err == nil {
		t.Error("a damaged key file was accepted")
	}
}

// TestOnlyPublicAddresses: an endpoint is a URL a browser gave, so the
// client that sends reaches only public addresses; an endpoint on this
// machine gets nothing, is kept, and the log does not name it.
func TestOnlyPublicAddresses(t *testing.T) {
	db := dbtest.Open(t, "sqlite")
	keys, err := push.KeysFrom(mustKeys(t).Private)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	svc := push.New(db, clockwork.NewFakeClockAt(testnow.Start(t)), push.Config{Keys: keys, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	ps := pushtest.Start(t)
	dev := ps.NewDevice()
	sub := dev.Subscription()
	k := sub["keys"].(map[string]string)
	ctx := context.Background()
	if _, _, err := svc.Subscribe(ctx, "u1", push.NewSubscription{Endpoint: dev.Endpoint, P256dh: k["p256dh"], Auth: k["auth"]}); err != nil {
		t.Fatal(err)
	}
	svc.Deliver(ctx, "u1", push.Message{Title: "t", Body: "b"})
	if n := len(ps.Received()); n != 0 {
		t.Errorf("the push reached 127.0.0.1 (%d messages)", n)
	}
	subs, err := svc.Subscriptions(ctx, "u1")
	if err != nil || len(subs) != 1 || subs[0].LastSentAt != nil {
		t.Errorf("subscriptions after a refused dial: %+v, %v", subs, err)
	}
	if !strings.Contains(logs.String(), "push failed") || strings.Contains(logs.String(), dev.Endpoint) {
		t.Errorf("log: %s", logs.String())
	}
}

func mustKeys(t *testing.T) push.Keys {
	t.Helper()
	k, err := push.LoadKeys(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return k
}
