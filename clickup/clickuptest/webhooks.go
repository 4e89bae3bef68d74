package clickuptest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Webhook is a webhook the fake holds. Secret is the signing key ClickUp
// returns only in the answer to its creation.
type Webhook struct {
	ID       string
	Endpoint string
	Events   []string
	Secret   string
	Deleted  bool
}

// Webhooks lists the webhooks ever created, deleted ones included.
func (f *Server) Webhooks() []Webhook {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Webhook, 0, len(f.webhooks))
	for _, h := range f.webhooks {
		c := *h
		c.Events = slices.Clone(h.Events)
		out = append(out, c)
	}
	return out
}

// taskEvents are the task events the reference lists for webhooks.
var taskEvents = []string{"taskCreated", "taskUpdated", "taskDeleted", "taskPriorityUpdated", "taskStatusUpdated",
	"taskAssigneeUpdated", "taskDueDateUpdated", "taskTagUpdated", "taskMoved", "taskCommentPosted",
	"taskCommentUpdated", "taskTimeEstimateUpdated", "taskTimeTrackedUpdated"}

// createWebhook answers Create Webhook: endpoint and events required; the
// answer is {id, webhook: {…, secret}}.
func (f *Server) createWebhook(w http.ResponseWriter, r *http.Request, teamID string, body []byte) {
	if !f.teamOK(w, teamID) {
		return
	}
	var b struct {
		Endpoint *string  `json:"endpoint"`
		Events   []string `json:"events"`
		SpaceID  *int64   `json:"space_id"`
		FolderID *int64   `json:"folder_id"`
		ListID   *int64   `json:"list_id"`
		TaskID   *string  `json:"task_id"`
	}
	if !jsonBody(w, r, body, &b) {
		return
	}
	if b.Endpoint == nil || b.Events == nil {
		refuse(w, http.StatusBadRequest, "Endpoint and events are required", "WH_001")
		return
	}
	if u, err := url.Parse(*b.Endpoint); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		refuse(w, http.StatusBadRequest, "Invalid endpoint", "WH_002")
		return
	}
	for _, e := range b.Events {
		if e != "*" && !slices.Contains(taskEvents, e) {
			refuse(w, http.StatusBadRequest, "Invalid event "+e, "WH_003")
			return
		}
	}
	f.mu.Lock()
	refusal := f.webhookRefusal
	f.mu.Unlock()
	if refusal != "" {
		refuse(w, http.StatusBadRequest, refusal, "WH_005")
		return
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	f.mu.Lock()
	f.nextWebhook++
	h := &Webhook{ID: fmt.Sprintf("4b67ac88-e506-4a29-9d42-%012d", f.nextWebhook), Endpoint: *b.Endpoint,
		Events: slices.Clone(b.Events), Secret: strings.ToUpper(hex.EncodeToString(secret))}
	f.webhooks = append(f.webhooks, h)
	f.mu.Unlock()
	wh := map[string]any{"id": h.ID, "userid": f.owner, "team_id": f.TeamID, "endpoint": h.Endpoint, "client_id": "",
		"events": h.Events, "task_id": nil, "list_id": nil, "folder_id": nil, "space_id": nil,
		"health": map[string]any{"status": "active", "fail_count": 0}, "secret": h.Secret}
	writeJSON(w, http.StatusOK, map[string]any{"id": h.ID, "webhook": wh})
}

// deleteWebhook answers Delete Webhook with {}.
func (f *Server) deleteWebhook(w http.ResponseWriter, id string) {
	f.mu.Lock()
	var found bool
	for _, h := range f.webhooks {
		if h.ID == id && !h.Deleted {
			h.Deleted, found = true, true
		}
	}
	f.mu.Unlock()
	if !found {
		refuse(w, http.StatusNotFound, "Webhook not found", "WH_004")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}

// historyFields is the history item's field ClickUp sends with an event.
var historyFields = map[string]string{"taskCreated": "task_creation", "taskStatusUpdated": "status",
	"taskMoved": "section_moved", "taskUpdated": "name", "taskDeleted": "task_deleted"}

// Send delivers a task event as ClickUp does: a POST of the event to each
// live webhook subscribed to it, signed with the webhook's secret
// (X-Signature, hex HMAC-SHA256 of the body). It returns the answers'
// status codes.
func (f *Server) Send(event, taskID string) ([]int, error) {
	var codes []int
	for _, h := range f.Webhooks() {
		if h.Deleted || !slices.Contains(h.Events, event) && !slices.Contains(h.Events, "*") {
			continue
		}
		body, _ := json.Marshal(map[string]any{"event": event, "task_id": taskID, "webhook_id": h.ID,
			"history_items": []any{map[string]any{"id": "2800763136717140857", "type": 1,
				"date": strconv.FormatInt(time.Now().UnixMilli(), 10), "field": historyFields[event], "parent_id": "162641062",
				"data": map[string]any{}, "source": nil, "before": nil, "after": nil,
				"user": map[string]any{"id": Owner.ID, "username": Owner.Username, "email": Owner.Email}}}})
		mac := hmac.New(sha256.New, []byte(h.Secret))
		mac.Write(body)
		req, err := http.NewRequest(http.MethodPost, h.Endpoint, bytes.NewReader(body))
		if err != nil {
			return codes, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature", hex.EncodeToString(mac.Sum(nil)))
		resp, err := (&http.Client{Timeout: 7 * time.Second}).Do(req) // ClickUp waits 7 s for an answer
		if err != nil {
			return codes, err
		}
		resp.Body.Close()
		codes = append(codes, resp.StatusCode)
	}
	return codes, nil
}
