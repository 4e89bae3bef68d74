package clickup_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/timestreak/timestreak/clickup"
	"github.com/timestreak/timestreak/clickup/clickuptest"
)

func TestClientSendsBareTokenAndReadsTeams(t *testing.T) {
	f := clickuptest.New(t, "pk_123_ABC")
	c := clickup.NewClient(f.URL())
	teams, err := c.Teams(context.Background(), "pk_123_ABC")
	if err != nil {
		t.Fatal(err)
	}
	if len(teams) != 1 || teams[0].ID != clickup.ID(f.TeamID) || teams[0].Name != "Acme" {
		t.Errorf("teams = %+v", teams)
	}
	if got := f.Requests()[0].Authorization; got != "pk_123_ABC" {
		t.Errorf("Authorization = %q, want the bare token", got)
	}
}

func TestClientRefusedToken(t *testing.T) {
	f := clickuptest.New(t, "good")
	_, err := clickup.NewClient(f.URL()).Teams(context.Background(), "bad")
	var ae *clickup.APIError
	if !errors.Is(err, clickup.ErrUnauthorized) || !errors.As(err, &ae) || ae.Reason != "Token invalid" || ae.Code != "OAUTH_025" {
		t.Fatalf("err = %v", err)
	}
}

func TestClientPagesWithIncludeClosedAndSince(t *testing.T) {
	f := clickuptest.New(t, "tok")
	f.PageSize = 2
	f.AddList("901", "Backlog")
	for i := range 5 {
		f.Put(clickuptest.Task{ID: fmt.Sprintf("t%d", i), ListID: "901", Name: "Task", DateUpdated: 1567780450202 + int64(i), StatusType: []string{"open", "closed"}[i%2]})
	}
	c := clickup.NewClient(f.URL())
	var ids []string
	for page := 0; ; page++ {
		p, err := c.ListTasks(context.Background(), "tok", "901", page, 1567780450202)
		if err != nil {
			t.Fatal(err)
		}
		for _, tk := range p.Tasks {
			ids = append(ids, string(tk.ID))
			if tk.DateUpdated.Time().IsZero() || tk.List.ID != "901" {
				t.Errorf("task %+v", tk)
			}
		}
		if p.LastPage {
			break
		}
	}
	if got := strings.Join(ids, ","); got != "t1,t2,t3,t4" {
		t.Errorf("tasks = %s, want t1..t4 (closed included, t0 not after since)", got)
	}
	q := f.Requests()[0].RawQuery
	for _, want := range []string{"include_closed=true", "page=0", "date_updated_gt=1567780450202"} {
		if !strings.Contains(q, want) {
			t.Errorf("query %q lacks %s", q, want)
		}
	}
}

func TestClientRateLimit(t *testing.T) {
	f := clickuptest.New(t, "tok")
	c := clickup.NewClient(f.URL())
	c.RateLimitWaits = 0
	f.RateLimit(1, 30*time.Second)
	_, err := c.Teams(context.Background(), "tok")
	var rl *clickup.RateLimitError
	if !errors.As(err, &rl) || rl.Reset.Before(time.Now().Add(20*time.Second)) {
		t.Fatalf("err = %v", err)
	}

	// Waiting for the reset, then trying again, succeeds.
	// X-RateLimit-Reset is in whole seconds: a reset 2 s away is at least
	// 1 s away once truncated.
	c.RateLimitWaits = 1
	f.RateLimit(1, 2*time.Second)
	start := time.Now()
	if _, err := c.Teams(context.Background(), "tok"); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 500*time.Millisecond {
		t.Errorf("did not wait for the reset")
	}

	// A reset further away than MaxWait is not waited for.
	c.MaxWait = time.Second
	f.RateLimit(1, time.Minute)
	if _, err := c.Teams(context.Background(), "tok"); !errors.As(err, &rl) {
		t.Errorf("err = %v", err)
	}
}

func TestClientTimeout(t *testing.T) {
	f := clickuptest.New(t, "tok")
	f.Delay(2 * time.Second)
	c := clickup.NewClient(f.URL())
	c.Timeout = 50 * time.Millisecond
	start := time.Now()
	_, err := c.Teams(context.Background(), "tok")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Fatalf("err = %v after %s", err, time.Since(start))
	}
}

func TestClientTaskNotFound(t *testing.T) {
	f := clickuptest.New(t, "tok")
	f.AddList("901", "Backlog")
	f.Put(clickuptest.Task{ID: "abc", ListID: "901", Name: "Gone", Deleted: true})
	if _, err := clickup.NewClient(f.URL()).Task(context.Background(), "tok", "abc"); !errors.Is(err, clickup.ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
}

func TestNumbersAsStrings(t *testing.T) {
	for _, in := range []string{
		`{"id":"9hx","date_updated":"1567780450202","date_closed":null,"list":{"id":"123"}}`,
		`{"id":9,"date_updated":1567780450202,"list":{"id":123}}`,
	} {
		var tk clickup.Task
		if err := json.Unmarshal([]byte(in), &tk); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if tk.ID == "" || tk.DateUpdated != 1567780450202 || tk.DateClosed != 0 || tk.List.ID == "" {
			t.Errorf("%s → %+v", in, tk)
		}
	}
	var tk clickup.Task
	if err := json.Unmarshal([]byte(`{"date_updated":"soon"}`), &tk); err == nil {
		t.Error("a date that is not a number parsed")
	}
}
