package frontend_test

import (
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/timestreak/timestreak/internal/valid"
)

// fieldLimits is, for each field the web app's inputs name, the limits
// internal/valid holds the server to: an input's maxlength, minlength, min
// and max must be these, so the browser refuses exactly what the server
// would.
var fieldLimits = map[string]map[string]int{
	"name":                 {"maxlength": valid.MaxNameChars}, // people, teams, projects
	"task":                 {"maxlength": valid.MaxTaskNameChars},
	"token_name":           {"maxlength": valid.MaxTokenNameChars},
	"note":                 {"maxlength": valid.MaxNoteChars},
	"email":                {"maxlength": valid.MaxEmailChars},
	"password":             {"minlength": valid.MinPasswordChars, "maxlength": valid.MaxPasswordChars},
	"new_password":         {"minlength": valid.MinPasswordChars, "maxlength": valid.MaxPasswordChars},
	"minutes":              {"min": 1, "max": valid.MaxDayMinutes},
	"daily_target_minutes": {"min": 1, "max": valid.MaxDayMinutes},
	"expires_in_days":      {"min": 1, "max": valid.MaxTokenDays},
	"token":                {"maxlength": valid.MaxClickUpTokenChars}, // ClickUp's
	"task_q":               {"maxlength": valid.MaxSearchChars},
	"q":                    {"maxlength": valid.MaxSearchChars},
	"task-search":          {"maxlength": valid.MaxSearchChars},
	"invite_code":          {"maxlength": valid.MaxKeyChars},
}

var (
	// An input as the app builds it: h('input', {…}) or h('textarea.x', {…});
	// the attributes may hold template literals (`Find a task in ${p.name}`).
	inputPattern = regexp.MustCompile(`h\('(?:input|textarea)[^']*',\s*\{((?:[^{}]|\$\{[^{}]*\})*)\}`)
	namePattern  = regexp.MustCompile(`\bname:\s*'([^']*)'`)
	// A limit's value may be a number or an expression holding numbers
	// (minlength: registering ? 8 : null): every number in it is checked.
	limitPattern  = regexp.MustCompile(`\b(maxlength|minlength|min|max):\s*([^,]*)`)
	numberPattern = regexp.MustCompile(`\b\d+\b`)
	lengthPattern = regexp.MustCompile(`\b(?:maxlength|minlength):`)
)

// TestInputLimitsFollowTheServer reads every input and textarea the web
// app's modules build and fails when one of its length or number limits
// differs from internal/valid's for the field it names, or when a limited
// input names no field this test knows.
func TestInputLimitsFollowTheServer(t *testing.T) {
	root := os.DirFS("static")
	checked, lengths, seen := 0, 0, 0
	err := fs.WalkDir(root, "js", func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(file, ".js") {
			return err
		}
		b, err := fs.ReadFile(root, file)
		if err != nil {
			return err
		}
		src := string(b)
		seen += len(lengthPattern.FindAllString(src, -1))
		for _, m := range inputPattern.FindAllStringSubmatch(src, -1) {
			attrs := m[1]
			limits := limitPattern.FindAllStringSubmatch(attrs, -1)
			if len(limits) == 0 {
				continue
			}
			field := ""
			if n := namePattern.FindStringSubmatch(attrs); n != nil {
				field = n[1]
			}
			want, ok := fieldLimits[field]
			if !ok {
				t.Errorf("%s: an input with limits names the field %q, which this test does not know: add it to fieldLimits with internal/valid's limits\n\t{%s}", file, field, attrs)
				continue
			}
			for _, l := range limits {
				attr, expr := l[1], l[2]
				if strings.HasSuffix(attr, "length") {
					lengths++
				}
				limit, ok := want[attr]
				if !ok {
					t.Errorf("%s: the %s input has %s: %s, a limit the server does not have", file, field, attr, expr)
					continue
				}
				nums := numberPattern.FindAllString(expr, -1)
				if len(nums) == 0 {
					t.Errorf("%s: the %s input's %s is %q, not a number", file, field, attr, expr)
				}
				for _, s := range nums {
					if n, _ := strconv.Atoi(s); n != limit {
						t.Errorf("%s: the %s input has %s %d; the server's limit is %d", file, field, attr, n, limit)
					}
				}
				checked++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Every maxlength and minlength in the sources was read as an input's
	// (none hides in an attribute object the pattern cannot parse), and
	// the pattern reads the app at all.
	if lengths != seen {
		t.Errorf("checked %d maxlength/minlength attributes of %d in the sources: some input is built in a way this test cannot read", lengths, seen)
	}
	if checked < 20 {
		t.Errorf("checked only %d limits: does the pattern still match how the app builds its inputs?", checked)
	}
	t.Logf("checked %d limits", checked)
}
