package clickup_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/clickup/clickuptest"
)

// TestUpdateTimeEntryBody: an update sends what ClickUp's reference
// requires (tags, tid) and end with start, and the fake, like ClickUp,
// refuses an update without them.
func TestUpdateTimeEntryBody(t *testing.T) {
	ctx := context.Background()
	f := clickuptest.New(t, "tok")
	f.AddList("901", "Backlog")
	f.Put(clickuptest.Task{ID: "86a1", ListID: "901", Name: "Design"})
	f.Put(clickuptest.Task{ID: "86a2", ListID: "901", Name: "Build"})
	c := clickup.NewClient(f.URL())
	const start = 1772449200000
	id, err := c.CreateTimeEntry(ctx, "tok", f.TeamID, clickup.TimeEntry{Description: "Wireframes", Start: start, Duration: 90 * 60_000, Billable: true, TaskID: "86a1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateTimeEntry(ctx, "tok", f.TeamID, id, clickup.TimeEntry{Description: "Wireframes v2", Start: start - 86_400_000, Duration: 45 * 60_000, TaskID: "86a2"}); err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	put := reqs[len(reqs)-1]
	if put.Method != http.MethodPut || !strings.HasSuffix(put.Path, "/team/"+f.TeamID+"/time_entries/"+id) {
		t.Fatalf("last request %s %s", put.Method, put.Path)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(put.Body), &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"description": "Wireframes v2", "tags": []any{}, "tag_action": "add", "tid": "86a2", "billable": false,
		"start": float64(start - 86_400_000), "end": float64(start - 86_400_000 + 45*60_000), "duration": float64(45 * 60_000)}
	if diff := cmp.Diff(want, body); diff != "" {
		t.Errorf("update body (-want +got):\n%s", diff)
	}
	got := f.TimeEntries()
	if len(got) != 1 || got[0].TaskID != "86a2" || got[0].Start != start-86_400_000 || got[0].Duration != 45*60_000 || got[0].Description != "Wireframes v2" {
		t.Errorf("held entry %+v", got)
	}

	// What the real API refuses, the fake refuses: 400 {"err", "ECODE"}.
	for name, bad := range map[string]string{
		"no tags":         `{"tid":"86a1","start":1,"end":2}`,
		"no tid":          `{"tags":[],"start":1,"end":2}`,
		"start, no end":   `{"tags":[],"tid":"86a1","start":1,"duration":5}`,
		"end, no start":   `{"tags":[],"tid":"86a1","end":2}`,
		"bad tag_action":  `{"tags":[],"tid":"86a1","tag_action":"merge"}`,
		"start as string": `{"tags":[],"tid":"86a1","start":"1","end":2}`,
	} {
		req, _ := http.NewRequest(http.MethodPut, f.URL()+"/team/"+f.TeamID+"/time_entries/"+id, strings.NewReader(bad))
		req.Header.Set("Authorization", "tok")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct{ Err, ECODE string }
		_ = json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || e.Err == "" || e.ECODE == "" {
			t.Errorf("%s: %d %+v, want 400 with err and ECODE", name, resp.StatusCode, e)
		}
	}
}

// TestCreateTimeEntryAssignee: the assignee is sent as the member's
// integer id; the fake refuses one who is not a member.
func TestCreateTimeEntryAssignee(t *testing.T) {
	ctx := context.Background()
	f := clickuptest.New(t, "tok")
	f.AddList("901", "Backlog")
	f.Put(clickuptest.Task{ID: "86a1", ListID: "901", Name: "Design"})
	f.AddMember(clickuptest.Member{ID: 301, Username: "Mia", Email: "mia@example.com"})
	c := clickup.NewClient(f.URL())
	if _, err := c.CreateTimeEntry(ctx, "tok", f.TeamID, clickup.TimeEntry{Start: 1, Duration: 60_000, TaskID: "86a1", Assignee: "301"}); err != nil {
		t.Fatal(err)
	}
	reqs := f.Requests()
	if b := reqs[len(reqs)-1].Body; !strings.Contains(b, `"assignee":301`) {
		t.Errorf("create body %s, want assignee as a number", b)
	}
	if got := f.TimeEntries(); len(got) != 1 || got[0].User != 301 {
		t.Errorf("entries %+v, want Mia's", got)
	}
	_, err := c.CreateTimeEntry(ctx, "tok", f.TeamID, clickup.TimeEntry{Start: 1, Duration: 60_000, TaskID: "86a1", Assignee: "999"})
	var ae *clickup.APIError
	if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest {
		t.Errorf("a stranger as assignee: %v", err)
	}
}
