// Package clickup connects timestreak to a ClickUp workspace: an API
// client, the stored connection, task sync and the webhook receiver.
package clickup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DefaultBaseURL is ClickUp's API v2.
const DefaultBaseURL = "https://api.clickup.com/api/v2"

// ErrUnauthorized is ClickUp refusing the token (HTTP 401).
var ErrUnauthorized = errors.New("clickup: token refused")

// ErrNotFound is ClickUp answering 404: the task or list is gone.
var ErrNotFound = errors.New("clickup: not found")

// APIError is any answer of ClickUp other than 2xx; Reason is its "err"
// field and Code its "ECODE".
type APIError struct {
	Status int
	Reason string
	Code   string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("clickup: %d %s (%s)", e.Status, e.Reason, e.Code)
}

// Unwrap makes 401 match ErrUnauthorized and 404 ErrNotFound.
func (e *APIError) Unwrap() error {
	switch e.Status {
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusNotFound:
		return ErrNotFound
	}
	return nil
}

// RateLimitError is HTTP 429; Reset is when ClickUp accepts requests again
// (its X-RateLimit-Reset header).
type RateLimitError struct {
	Reset time.Time
}

func (e *RateLimitError) Error() string {
	return "clickup: rate limited until " + e.Reset.UTC().Format(time.RFC3339)
}

// Client calls ClickUp's API v2 with a personal token.
type Client struct {
	BaseURL string        // default DefaultBaseURL
	HTTP    *http.Client  // default a client without its own timeout
	Timeout time.Duration // per request; default 30s
	// RateLimitWaits is how many times a request that got 429 waits for
	// X-RateLimit-Reset and tries again (at most MaxWait each); 0: never.
	RateLimitWaits int
	MaxWait        time.Duration    // default 1 minute
	Now            func() time.Time // default time.Now
}

// NewClient returns a client for baseURL ("" for ClickUp's).
func NewClient(baseURL string) *Client {
	return &Client{BaseURL: baseURL, RateLimitWaits: 2}
}

// Teams lists the workspaces the token reaches; it is also the token check.
func (c *Client) Teams(ctx context.Context, token string) ([]Team, error) {
	var out struct {
		Teams []Team `json:"teams"`
	}
	return out.Teams, c.get(ctx, token, "/team", nil, &out)
}

// List loads one list.
func (c *Client) List(ctx context.Context, token, listID string) (*List, error) {
	var l List
	return &l, c.get(ctx, token, "/list/"+url.PathEscape(listID), nil, &l)
}

// Task loads one task.
func (c *Client) Task(ctx context.Context, token, taskID string) (*Task, error) {
	var t Task
	return &t, c.get(ctx, token, "/task/"+url.PathEscape(taskID), nil, &t)
}

// TaskPage is one page of a list's tasks.
type TaskPage struct {
	Tasks    []Task `json:"tasks"`
	LastPage bool   `json:"last_page"`
}

// ListTasks loads page (from 0) of a list's tasks, updated after since
// when it is not zero. By default ClickUp leaves out closed tasks,
// subtasks, and tasks whose home is another list; all three are asked for.
func (c *Client) ListTasks(ctx context.Context, token, listID string, page int, since Millis) (*TaskPage, error) {
	q := url.Values{"page": {strconv.Itoa(page)}, "include_closed": {"true"}, "subtasks": {"true"}, "include_timl": {"true"}}
	if since > 0 {
		q.Set("date_updated_gt", strconv.FormatInt(int64(since), 10))
	}
	var p TaskPage
	return &p, c.get(ctx, token, "/list/"+url.PathEscape(listID)+"/task", q, &p)
}

func (c *Client) get(ctx context.Context, token, path string, q url.Values, out any) error {
	return c.do(ctx, token, http.MethodGet, path, q, out)
}

func (c *Client) do(ctx context.Context, token, method, path string, q url.Values, out any) error {
	for attempt := 0; ; attempt++ {
		err := c.once(ctx, token, method, path, q, nil, out)
		var rl *RateLimitError
		if !errors.As(err, &rl) || attempt >= c.RateLimitWaits {
			return err
		}
		wait := rl.Reset.Sub(c.now())
		if wait > c.maxWait() {
			return err
		}
		t := time.NewTimer(max(wait, 0))
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// once sends one request (in, when not nil, as its JSON body) and decodes
// the answer into out.
func (c *Client) once(ctx context.Context, token, method, path string, q url.Values, in, out any) error {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	base := c.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u := strings.TrimRight(base, "/") + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var reqBody io.Reader
	if in != nil {
		js, err := json.Marshal(in)
		if err != nil {
			return err
		}
		reqBody = bytes.NewReader(js)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, reqBody)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", token) // ClickUp takes the bare token, no "Bearer"
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("clickup: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return fmt.Errorf("clickup: %s %s: %w", method, path, err)
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return &RateLimitError{Reset: c.reset(resp.Header)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var e struct {
			Err   string `json:"err"`
			ECode string `json:"ECODE"`
		}
		_ = json.Unmarshal(body, &e)
		if e.Err == "" {
			e.Err = http.StatusText(resp.StatusCode)
		}
		return &APIError{Status: resp.StatusCode, Reason: e.Err, Code: e.ECode}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("clickup: %s %s: unexpected answer: %w", method, path, err)
	}
	return nil
}

// reset reads X-RateLimit-Reset (Unix seconds); without it, a minute.
func (c *Client) reset(h http.Header) time.Time {
	if n, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64); err == nil && n > 0 {
		return time.Unix(n, 0)
	}
	return c.now().Add(time.Minute)
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) maxWait() time.Duration {
	if c.MaxWait > 0 {
		return c.MaxWait
	}
	return time.Minute
}
