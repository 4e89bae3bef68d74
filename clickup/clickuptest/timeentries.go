package clickuptest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// TimeEntry is a time entry the fake holds, as the request gave it.
type TimeEntry struct {
	ID          string
	TaskID      string // "tid"
	Description string
	Start       int64 // Unix ms
	Duration    int64 // ms
	Billable    bool
}

// TimeEntries returns the live time entries, oldest first.
func (f *Server) TimeEntries() []TimeEntry {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []TimeEntry
	for _, te := range f.entries {
		if !te.deleted {
			out = append(out, te.TimeEntry)
		}
	}
	return out
}

// Fail makes the next n requests answer status (e.g. 500).
func (f *Server) Fail(n, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failing, f.failStatus = n, status
}

type heldEntry struct {
	TimeEntry
	deleted bool
}

// timeEntryBody is the documented body of create and update; start and
// duration are numbers, tid a string.
type timeEntryBody struct {
	Description *string  `json:"description"`
	Tags        []any    `json:"tags"`
	Start       *int64   `json:"start"`
	Billable    *bool    `json:"billable"`
	Duration    *int64   `json:"duration"`
	Assignee    *int64   `json:"assignee"`
	TID         *string  `json:"tid"`
	End         *float64 `json:"end"`
}

// timeEntries answers POST /team/{team_id}/time_entries and PUT or DELETE
// /team/{team_id}/time_entries/{timer_id}.
func (f *Server) timeEntries(w http.ResponseWriter, r *http.Request, teamID, id string) {
	if teamID != f.TeamID {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"err": "Team not authorized", "ECODE": "OAUTH_027"})
		return
	}
	if r.Method == http.MethodDelete {
		f.mu.Lock()
		te := f.entry(id)
		if te != nil {
			te.deleted = true
		}
		f.mu.Unlock()
		if te == nil {
			writeJSON(w, http.StatusNotFound, map[string]string{"err": "Time entry not found", "ECODE": "TIMEENTRY_045"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": []any{f.entryJSON(te.TimeEntry)}})
		return
	}
	var b timeEntryBody
	if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&b) != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"err": "Invalid body", "ECODE": "INPUT_005"})
		return
	}
	if r.Method == http.MethodPost && (b.Start == nil || b.Duration == nil) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"err": "Start and duration are required", "ECODE": "TIMEENTRY_007"})
		return
	}
	if b.TID != nil && f.Get(*b.TID).ID == "" {
		writeJSON(w, http.StatusNotFound, map[string]string{"err": "Task not found", "ECODE": "ITEM_015"})
		return
	}
	f.mu.Lock()
	var te *heldEntry
	if r.Method == http.MethodPost {
		f.nextEntry++
		te = &heldEntry{TimeEntry: TimeEntry{ID: strconv.FormatInt(1963465985517105840+f.nextEntry, 10)}}
		f.entries = append(f.entries, te)
	} else if te = f.entry(id); te == nil {
		f.mu.Unlock()
		writeJSON(w, http.StatusNotFound, map[string]string{"err": "Time entry not found", "ECODE": "TIMEENTRY_045"})
		return
	}
	if b.TID != nil {
		te.TaskID = *b.TID
	}
	if b.Description != nil {
		te.Description = *b.Description
	}
	if b.Start != nil {
		te.Start = *b.Start
	}
	if b.Duration != nil {
		te.Duration = *b.Duration
	}
	if b.Billable != nil {
		te.Billable = *b.Billable
	}
	held := te.TimeEntry
	f.mu.Unlock()
	if r.Method == http.MethodPost {
		writeJSON(w, http.StatusOK, map[string]any{"data": f.entryJSON(held)})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{f.entryJSON(held)}})
}

// entry finds a live entry; f.mu is held.
func (f *Server) entry(id string) *heldEntry {
	for _, te := range f.entries {
		if te.ID == id && !te.deleted {
			return te
		}
	}
	return nil
}

// entryJSON is a time entry as ClickUp shapes it: ids, times and durations
// are strings.
func (f *Server) entryJSON(te TimeEntry) map[string]any {
	task := f.Get(te.TaskID)
	return map[string]any{
		"id": te.ID,
		"task": map[string]any{"id": te.TaskID, "name": task.Name,
			"status": map[string]any{"status": task.Status, "color": "#d3d3d3", "type": task.StatusType, "orderindex": 0}},
		"wid":         f.TeamID,
		"user":        map[string]any{"id": 183, "username": "John Doe", "email": "john@example.com"},
		"billable":    te.Billable,
		"start":       strconv.FormatInt(te.Start, 10),
		"end":         strconv.FormatInt(te.Start+te.Duration, 10),
		"duration":    strconv.FormatInt(te.Duration, 10),
		"description": te.Description,
		"tags":        []any{},
		"source":      "clickup",
		"at":          strconv.FormatInt(time.Now().UnixMilli(), 10),
	}
}
