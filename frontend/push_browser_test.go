package frontend_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"

	"github.com/timestreak/timestreak/push/pushtest"
)

// stubPush counts permission prompts and stands in for the browser's push
// service (a headless browser has none): subscribing gives this device.
const stubPush = `(() => {
  window.__asked = 0;
  Notification.requestPermission = () => { window.__asked++; return Promise.resolve('granted'); };
  PushManager.prototype.getSubscription = () => Promise.resolve(null);
  PushManager.prototype.subscribe = (o) => { window.__key = o.applicationServerKey; return Promise.resolve({toJSON: () => (%s)}); };
})()`

// TestPushRemindersAskOnlyWhenTurnedOn: loading the app, signing in and
// opening Profile never ask for permission to notify; turning reminders
// on asks once and subscribes this device; a pushed reminder is shown by
// the service worker.
func TestPushRemindersAskOnlyWhenTurnedOn(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana", "ana@example.com")
	device, err := json.Marshal(pushtest.Start(t).NewDevice().Subscription())
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, srv.URL)
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: fmt.Sprintf(stubPush, device)}); err != nil {
		t.Fatal(err)
	}
	b.signIn("ana@example.com", password)
	// Ana is the admin: the tab bar is drawn again when her role is known.
	b.waitFor("the Admin tab", `document.querySelector('#nav a[href="/admin/teams"]')`)
	b.goTo("/profile")
	b.waitFor("the settings", `document.querySelector('input[name=remind]')`)
	if n := eval[int](b, `window.__asked`); n != 0 {
		t.Fatalf("permission asked %d times before reminders were turned on", n)
	}
	var subs []map[string]any
	api.must("GET", "/me/push-subscriptions", nil, 200, &subs)
	if len(subs) != 0 {
		t.Fatalf("subscribed before asking: %v", subs)
	}

	b.click(`input[name=remind]`)
	b.waitFor("the permission prompt", `window.__asked === 1`)
	b.checkA11y("profile, reminders on")
	var key struct {
		PublicKey string `json:"public_key"`
	}
	api.must("GET", "/push/key", nil, 200, &key)
	deadline := time.Now().Add(10 * time.Second)
	for len(subs) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		api.must("GET", "/me/push-subscriptions", nil, 200, &subs)
	}
	if len(subs) != 1 || subs[0]["service"] != "127.0.0.1" {
		t.Fatalf("subscriptions after turning reminders on: %v", subs)
	}
	if k := eval[string](b, `window.__key`); k != key.PublicKey {
		t.Errorf("subscribed with key %q, want the server's %q", k, key.PublicKey)
	}

	// The service worker shows a pushed reminder.
	if _, err := chromedp.Call(b.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "notifications"}, Setting: cdpbrowser.PermissionSettingGranted, Origin: srv.URL}); err != nil {
		t.Fatal(err)
	}
	regs := chromedp.Events(b.ctx, serviceworker.WorkerRegistrationUpdated)
	if _, err := chromedp.Call(b.ctx, serviceworker.Enable, struct{}{}); err != nil {
		t.Fatal(err)
	}
	var reg serviceworker.RegistrationID
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	for ev, err := range regs {
		if err != nil || ctx.Err() != nil {
			t.Fatalf("no service worker registration: %v", err)
		}
		for _, r := range ev.Registrations {
			if !r.IsDeleted {
				reg = r.RegistrationID
			}
		}
		if reg != "" {
			break
		}
	}
	if _, err := chromedp.Call(b.ctx, serviceworker.DeliverPushMessage, serviceworker.DeliverPushMessageParams{Origin: srv.URL, RegistrationID: reg,
		Data: `{"title":"timestreak","body":"Log today's time to keep your streak going.","url":"/","tag":"reminder"}`}); err != nil {
		t.Fatal(err)
	}
	b.waitAsync("the shown reminder", `navigator.serviceWorker.ready.then((r) => r.getNotifications({tag: 'reminder'}))
		.then((ns) => ns.some((n) => n.body === "Log today's time to keep your streak going." && n.title === 'timestreak'))`)
}
