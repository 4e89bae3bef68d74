package frontend_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestTodayHoldsStillOnAPhone: at 360 × 800, Today does not move while it
// loads its entries, ring and points (Cumulative Layout Shift, issue 16).
func TestTodayHoldsStillOnAPhone(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	api := srv.register(t, "Ana Admin", "ana@example.com")
	api.everyDayIsAWorkday()
	_, task := api.projectAndTask("Website", "#0ea5e9", "Design")
	for _, m := range []int{30, 45, 60} {
		api.must("POST", "/entries", map[string]any{"task_id": task, "date": utcToday(), "minutes": m}, 201, nil)
	}
	b := newBrowser(t, srv.URL)
	b.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 360, Height: 800, DeviceScaleFactor: 2, Mobile: true})
		return err
	}))
	b.signIn("ana@example.com", password)
	b.open("/")
	b.waitFor("today's entries", `document.querySelectorAll('#today-entries li.entry').length === 3`)
	time.Sleep(500 * time.Millisecond)
	if cls := eval[float64](b, `window.layoutShift`); cls > 0.01 {
		t.Errorf("Today's layout shifted while it loaded at 360 px: CLS %.3f, want none", cls)
	}
}
