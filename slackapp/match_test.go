package slackapp

import (
	"slices"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/tracking/org"
)

func TestLeadingDuration(t *testing.T) {
	for _, tc := range []struct {
		text    string
		minutes int
		rest    string
		ok      bool
	}{
		{"30m design review", 30, "design review", true},
		{"45min x", 45, "x", true},
		{"90 minutes", 0, "", false}, // "90" has no unit; "minutes" is no duration
		{"1h", 60, "", true},
		{"2hrs notes", 120, "notes", true},
		{"1h30m a", 90, "a", true},
		{"1h30 a", 90, "a", true},
		{"1h 30m a", 90, "a", true},
		{"1H 30MIN a", 90, "a", true},
		{"1.5h a", 90, "a", true},
		{"1,25h a", 75, "a", true},
		{"1.5h 30m a", 90, "30m a", true}, // decimal hours take no minutes after them
		{"1:30 a", 90, "a", true},
		{"0:05", 5, "", true},
		{"30", 0, "", false},
		{"today", 0, "", false},
		{"", 0, "", false},
		{"1:75", 0, "", false},
	} {
		m, rest, ok := leadingDuration(strings.Fields(tc.text))
		if ok != tc.ok || (ok && (m != tc.minutes || strings.Join(rest, " ") != tc.rest)) {
			t.Errorf("%q: %d %q %v, want %d %q %v", tc.text, m, strings.Join(rest, " "), ok, tc.minutes, tc.rest, tc.ok)
		}
	}
}

func TestChoose(t *testing.T) {
	tasks := []org.Task{
		{ID: "review", Name: "Design review"},
		{ID: "system", Name: "Design system"},
		{ID: "header", Name: "Header (v2)"},
		{ID: "a", Name: "A"},
		{ID: "admin", Name: "Admin"},
	}
	for _, tc := range []struct {
		words   string
		recent  []string
		task    string
		options []string
		note    string
	}{
		{words: "design review fixed the header", task: "review", note: "fixed the header"},
		{words: "des rev", task: "review"},
		{words: "design tweaks", options: []string{"review", "system"}, note: "tweaks"},
		{words: "design tweaks", recent: []string{"system"}, task: "system", note: "tweaks"},
		{words: "design", recent: []string{"system", "review"}, options: []string{"system", "review"}},
		{words: "design system", recent: []string{"review"}, task: "system"},
		{words: "header v2 done", task: "header", note: "done"},
		{words: "sign off", note: "sign off"},                // "sign" starts no word: no task
		{words: "a quick fix", task: "a", note: "quick fix"}, // one letter names only a whole word
		{words: "ad hoc", task: "admin", note: "hoc"},        // two letters start a word
		{words: "review", task: "review"},
	} {
		rank := map[string]int{}
		for i, id := range tc.recent {
			rank[id] = i
		}
		c := choose(strings.Fields(tc.words), tasks, rank)
		var task string
		if c.task != nil {
			task = c.task.ID
		}
		var options []string
		for _, o := range c.options {
			options = append(options, o.ID)
		}
		if task != tc.task || !slices.Equal(options, tc.options) || c.note != tc.note {
			t.Errorf("%q (recent %v): task %q options %v note %q, want %q %v %q", tc.words, tc.recent, task, options, c.note, tc.task, tc.options, tc.note)
		}
	}
}
