package frontend_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axe-core checks each screen against WCAG 2.2 A and AA in the real
// browser. .ci/run installs it from the npm registry (it is not vendored:
// 650 KB of someone else's code); TIMESTREAK_AXE may name another copy.
var axe struct {
	once sync.Once
	src  string
	err  error
}

const axeVersion = "4.14.1"

func axeScript() (string, error) {
	axe.once.Do(func() {
		path := os.Getenv("TIMESTREAK_AXE")
		if path == "" {
			path = filepath.Join(moduleRoot, ".ci", "axe", "node_modules", "axe-core", "axe.min.js")
		}
		b, err := os.ReadFile(path)
		if err != nil {
			axe.err = fmt.Errorf("axe-core not found at %s: npm install --no-save --prefix .ci/axe axe-core@%s (.ci/run does)", path, axeVersion)
			return
		}
		axe.src = string(b)
	})
	return axe.src, axe.err
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// checkA11y fails the test for any WCAG 2.2 A/AA violation axe-core finds
// on the current screen, in the light and in the dark theme. Without
// axe-core it fails under CI=true and only logs elsewhere.
func (b *browser) checkA11y(screen string) {
	b.t.Helper()
	b.checkLabels(screen)
	src, err := axeScript()
	if err != nil {
		if os.Getenv("CI") != "" {
			b.t.Fatal(err)
		}
		b.t.Logf("%s: accessibility not checked: %v", screen, err)
		return
	}
	if !eval[bool](b, `!!window.axe`) {
		eval[chromedp.Void](b, src+";void 0")
	}
	for _, scheme := range []string{"light", "dark"} {
		b.emulateScheme(scheme)
		ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
		found, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {
			runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
			resultTypes: ['violations'],
		}).then((r) => r.violations.map((v) => ({id: v.id, impact: v.impact || '', help: v.help,
			nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' '))})))`, chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			b.t.Fatalf("%s: axe-core: %v", screen, err)
		}
		for _, v := range found {
			b.t.Errorf("%s (%s): %s [%s, %s]:\n  %s", screen, scheme, v.Help, v.ID, v.Impact, strings.Join(v.Nodes, "\n  "))
		}
	}
	b.emulateScheme("")
}

// emulateScheme sets prefers-color-scheme ("" for the browser's own).
func (b *browser) emulateScheme(v string) {
	b.t.Helper()
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: v}},
		})
		return err
	}))
}
