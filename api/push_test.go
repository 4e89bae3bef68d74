package api_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/api/apitest"
	"github.com/timestreak/timestreak/database/dbtest"
	"github.com/timestreak/timestreak/push/pushtest"
)

func newWebPushWorld(t *testing.T, dialect string) (*apitest.Env, *pushtest.Service) {
	t.Helper()
	ps := pushtest.Start(t)
	return apitest.New(t, dialect, apitest.Options{Start: apitest.Monday, PushClient: ps.Client()}), ps
}

type pushSub struct {
	ID         string     `json:"id"`
	Service    string     `json:"service"`
	CreatedAt  time.Time  `json:"created_at"`
	LastSentAt *time.Time `json:"last_sent_at"`
}

func subscriptions(t *testing.T, env *apitest.Env, u *apitest.User) []pushSub {
	t.Helper()
	var subs []pushSub
	env.Must(http.StatusOK, "GET", "/api/v1/me/push-subscriptions", u.Token, nil).JSON(t, &subs)
	return subs
}

// TestPushSubscriptions: the key, and a device's subscription kept per
// person, updated when sent again, moved when another person signs in on
// the device, listed without its endpoint or keys, removed by its owner
// only; malformed subscriptions are 422 naming the field.
func TestPushSubscriptions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, ps := newWebPushWorld(t, dialect)
		admin := env.Register("Ada")
		mia := env.CreateUser(admin, "Mia", "UTC")
		bo := env.CreateUser(admin, "Bo", "UTC")

		var key struct {
			PublicKey string `json:"public_key"`
		}
		env.Must(http.StatusOK, "GET", "/api/v1/push/key", "", nil).JSON(t, &key)
		if raw, err := base64.RawURLEncoding.DecodeString(key.PublicKey); err != nil || len(raw) != 65 || raw[0] != 4 {
			t.Fatalf("public key %q is not an uncompressed P-256 point", key.PublicKey)
		}

		phone := ps.NewDevice()
		var first, again pushSub
		r := env.Must(http.StatusCreated, "POST", "/api/v1/me/push-subscriptions", mia.Token, phone.Subscription())
		r.JSON(t, &first)
		if first.Service != "127.0.0.1" || first.LastSentAt != nil {
			t.Errorf("subscription = %+v", first)
		}
		keys := phone.Subscription()["keys"].(map[string]string)
		for _, secret := range []string{phone.Endpoint, keys["p256dh"], keys["auth"]} {
			if strings.Contains(string(r.Body), secret) {
				t.Errorf("the answer carries the endpoint or a key: %s", r.Body)
			}
		}
		env.Must(http.StatusOK, "POST", "/api/v1/me/push-subscriptions", mia.Token, phone.Subscription()).JSON(t, &again)
		if again.ID != first.ID {
			t.Errorf("the same device again made %s, want %s", again.ID, first.ID)
		}
		if got := subscriptions(t, env, mia); len(got) != 1 {
			t.Errorf("Mia has %d subscriptions, want 1", len(got))
		}

		// Bo signs in on Mia's phone: the phone is his now.
		env.Must(http.StatusOK, "POST", "/api/v1/me/push-subscriptions", bo.Token, phone.Subscription())
		if got := subscriptions(t, env, mia); len(got) != 0 {
			t.Errorf("Mia still has %d subscriptions", len(got))
		}
		if got := subscriptions(t, env, bo); len(got) != 1 || got[0].ID != first.ID {
			t.Errorf("Bo has %+v", got)
		}
		env.Must(http.StatusNotFound, "DELETE", "/api/v1/me/push-subscriptions/"+first.ID, mia.Token, nil)
		env.Must(http.StatusNoContent, "DELETE", "/api/v1/me/push-subscriptions/"+first.ID, bo.Token, nil)
		if got := subscriptions(t, env, bo); len(got) != 0 {
			t.Errorf("Bo still has %+v", got)
		}

		bad := func(field string, change func(m map[string]any)) {
			t.Helper()
			m := ps.NewDevice().Subscription()
			change(m)
			r := env.Do("POST", "/api/v1/me/push-subscriptions", mia.Token, m)
			var p struct{ Errors []struct{ Field string } }
			r.JSON(t, &p)
			if r.Status != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Field != field {
				t.Errorf("bad %s: %d %s", field, r.Status, r.Body)
			}
		}
		bad("endpoint", func(m map[string]any) { m["endpoint"] = strings.Replace(m["endpoint"].(string), "https:", "http:", 1) })
		bad("endpoint", func(m map[string]any) { m["endpoint"] = "https:///push/x" })
		bad("endpoint", func(m map[string]any) { m["endpoint"] = "https://user:pw@push.example/x" })
		bad("keys.p256dh", func(m map[string]any) { m["keys"].(map[string]string)["p256dh"] = "BAAA" })
		bad("keys.p256dh", func(m map[string]any) {
			m["keys"].(map[string]string)["p256dh"] = base64.RawURLEncoding.EncodeToString(append([]byte{4}, make([]byte, 64)...))
		})
		bad("keys.auth", func(m map[string]any) { m["keys"].(map[string]string)["auth"] = "c2hvcnQ" })
		env.Must(http.StatusBadRequest, "POST", "/api/v1/me/push-subscriptions", mia.Token, map[string]any{"endpoint": "x", "extra": 1})
		if got := subscriptions(t, env, mia); len(got) != 0 {
			t.Errorf("refused subscriptions were kept: %+v", got)
		}
	})
}

// reminderWorld: Mia wants a reminder at 17:00 UTC on workdays, on two
// devices.
func reminderWorld(t *testing.T, dialect string) (env *apitest.Env, ps *pushtest.Service, mia *apitest.User, phone, laptop *pushtest.Device) {
	t.Helper()
	env, ps = newWebPushWorld(t, dialect)
	admin := env.Register("Ada")
	mia = env.CreateUser(admin, "Mia", "UTC")
	env.Must(http.StatusOK, "PATCH", "/api/v1/me", mia.Token, map[string]any{"reminder_time": "17:00"})
	phone, laptop = ps.NewDevice(), ps.NewDevice()
	env.Must(http.StatusCreated, "POST", "/api/v1/me/push-subscriptions", mia.Token, phone.Subscription())
	env.Must(http.StatusCreated, "POST", "/api/v1/me/push-subscriptions", mia.Token, laptop.Subscription())
	return env, ps, mia, phone, laptop
}

// remind runs the reminders job as the scheduler does, and waits for the
// pushes it queued.
func remind(t *testing.T, env *apitest.Env, at time.Time) {
	t.Helper()
	env.Set(at)
	if err := env.Engine.Reminders(context.Background()); err != nil {
		t.Fatal(err)
	}
	env.WebPush.Wait()
}

// TestPushReminder: the reminder rule and "once per date" of the in-app
// reminder: one push per device when the reminder is due, none before,
// none again however often the job runs; each message is encrypted to its
// device (decrypted here as RFC 8291 says), signed with the server's VAPID
// key, and tells the service worker to open Today.
func TestPushReminder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, ps, mia, phone, laptop := reminderWorld(t, dialect)
		remind(t, env, time.Date(2026, 3, 2, 16, 59, 0, 0, time.UTC))
		if n := len(ps.Received()); n != 0 {
			t.Fatalf("%d pushes before the reminder time", n)
		}
		remind(t, env, time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC))
		remind(t, env, time.Date(2026, 3, 2, 17, 5, 0, 0, time.UTC))
		remind(t, env, time.Date(2026, 3, 2, 23, 55, 0, 0, time.UTC))
		got := ps.Received()
		if len(got) != 2 {
			t.Fatalf("%d pushes on Monday, want one per device (2)", len(got))
		}
		seen := map[*pushtest.Device]bool{}
		for _, m := range got {
			if m.Err != nil {
				t.Fatalf("the device could not read or trust the push: %v", m.Err)
			}
			seen[m.Device] = true
			var msg map[string]string
			if err := json.Unmarshal(m.Payload, &msg); err != nil {
				t.Fatalf("payload %q: %v", m.Payload, err)
			}
			want := map[string]string{"title": "timestreak", "body": "Log today's time to keep your streak going.", "url": "/", "tag": "reminder"}
			if diff := cmp.Diff(want, msg); diff != "" {
				t.Errorf("payload (-want +got):\n%s", diff)
			}
			if m.VAPID != env.WebPush.PublicKey() {
				t.Errorf("signed with %s, want the server's key", m.VAPID)
			}
			if m.Header.Get("TTL") != "21600" || m.Header.Get("Urgency") != "normal" || m.Header.Get("Topic") != "reminder" {
				t.Errorf("headers TTL %q Urgency %q Topic %q", m.Header.Get("TTL"), m.Header.Get("Urgency"), m.Header.Get("Topic"))
			}
		}
		if !seen[phone] || !seen[laptop] {
			t.Error("not every device got the reminder")
		}
		env.Relogin(mia)
		for _, s := range subscriptions(t, env, mia) {
			if s.LastSentAt == nil {
				t.Errorf("subscription %s has no last_sent_at after a push", s.ID)
			}
		}
		// Tuesday: logged before the reminder time, so nothing; Wednesday: one each again.
		task := env.Task(env.Login("ada@example.com", "correct horse"), "Build")
		env.Set(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC))
		env.Relogin(mia)
		env.Log(mia, task, "2026-03-03", 30)
		remind(t, env, time.Date(2026, 3, 3, 17, 30, 0, 0, time.UTC))
		remind(t, env, time.Date(2026, 3, 4, 17, 30, 0, 0, time.UTC))
		if n := len(ps.Received()); n != 4 {
			t.Errorf("%d pushes by Wednesday, want 4 (none on Tuesday, when time was logged)", n)
		}
	})
}

// TestPushGoneDevicesForgotten: a device the push service answers 410 or
// 404 for is forgotten at once; one it fails for otherwise is kept.
func TestPushGoneDevicesForgotten(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dialect string) {
		env, ps, mia, phone, laptop := reminderWorld(t, dialect)
		third := ps.NewDevice()
		env.Must(http.StatusCreated, "POST", "/api/v1/me/push-subscriptions", mia.Token, third.Subscription())
		phone.Answer, laptop.Answer, third.Answer = http.StatusGone, http.StatusNotFound, http.StatusServiceUnavailable
		remind(t, env, time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC))
		env.Relogin(mia)
		got := subscriptions(t, env, mia)
		if len(got) != 1 || got[0].LastSentAt != nil {
			t.Errorf("after 410, 404 and 503 Mia has %+v, want only the third device, never delivered", got)
		}
		if n := len(ps.Received()); n != 3 {
			t.Errorf("%d pushes, want 3", n)
		}
	})
}
