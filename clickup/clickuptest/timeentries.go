package clickuptest

import (
	"net/http"
	"strconv"
	"time"
)

// TimeEntry is a time entry the fake holds.
type TimeEntry struct {
	ID          string
	TaskID      string // "tid"
	Description string
	Start       int64 // Unix ms
	Duration    int64 // ms
	Billable    bool
	User        int64 // whose time it is: the assignee, or the token's owner
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

type heldEntry struct {
	TimeEntry
	deleted bool
}

// tag is a time tracking label as the reference shapes it.
type tag struct {
	Name  string `json:"name"`
	TagFg string `json:"tag_fg"`
	TagBg string `json:"tag_bg"`
}

// createBody is Create a time entry's body: start and duration required,
// numbers; tid a string; assignee a member's (integer) id.
type createBody struct {
	Description *string `json:"description"`
	Tags        *[]tag  `json:"tags"`
	Start       *int64  `json:"start"`
	Stop        *int64  `json:"stop"`
	End         *int64  `json:"end"`
	Billable    *bool   `json:"billable"`
	Duration    *int64  `json:"duration"`
	Assignee    *int64  `json:"assignee"`
	TID         *string `json:"tid"`
}

// updateBody is Update a time Entry's body: tags and tid required; start
// and end each only with the other.
type updateBody struct {
	Description *string `json:"description"`
	Tags        *[]tag  `json:"tags"`
	TagAction   *string `json:"tag_action"`
	Start       *int64  `json:"start"`
	End         *int64  `json:"end"`
	TID         *string `json:"tid"`
	Billable    *bool   `json:"billable"`
	Duration    *int64  `json:"duration"`
}

// createTimeEntry answers POST /team/{team_id}/time_entries with {"data": entry}.
func (f *Server) createTimeEntry(w http.ResponseWriter, r *http.Request, teamID string, body []byte) {
	if !f.teamOK(w, teamID) {
		return
	}
	var b createBody
	if !jsonBody(w, r, body, &b) {
		return
	}
	if b.Start == nil || b.Duration == nil && b.Stop == nil && b.End == nil {
		refuse(w, http.StatusBadRequest, "Start and duration are required", "TIMEENTRY_007")
		return
	}
	if b.TID != nil && !f.taskReachable(w, *b.TID) {
		return
	}
	f.mu.Lock()
	user := f.owner
	if b.Assignee != nil {
		if _, ok := f.member(*b.Assignee); !ok {
			f.mu.Unlock()
			refuse(w, http.StatusBadRequest, "Assignee is not a member of the workspace", "TIMEENTRY_028")
			return
		}
		user = *b.Assignee
	}
	duration := int64(0)
	switch {
	case b.End != nil:
		duration = *b.End - *b.Start
	case b.Stop != nil:
		duration = *b.Stop - *b.Start
	default:
		duration = *b.Duration
	}
	f.nextEntry++
	te := &heldEntry{TimeEntry: TimeEntry{ID: strconv.FormatInt(1963465985517105840+f.nextEntry, 10),
		Start: *b.Start, Duration: duration, User: user}}
	if b.TID != nil {
		te.TaskID = *b.TID
	}
	if b.Description != nil {
		te.Description = *b.Description
	}
	if b.Billable != nil {
		te.Billable = *b.Billable
	}
	f.entries = append(f.entries, te)
	held := te.TimeEntry
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": f.entryJSON(held)})
}

// updateTimeEntry answers PUT /team/{team_id}/time_entries/{timer_id}
// with {"data": [entry]}, refusing a body without the fields the
// reference requires.
func (f *Server) updateTimeEntry(w http.ResponseWriter, r *http.Request, teamID, id string, body []byte) {
	if !f.teamOK(w, teamID) {
		return
	}
	var b updateBody
	if !jsonBody(w, r, body, &b) {
		return
	}
	switch {
	case b.Tags == nil:
		refuse(w, http.StatusBadRequest, "Tags are required", "TIMEENTRY_040")
		return
	case b.TID == nil:
		refuse(w, http.StatusBadRequest, "Task id (tid) is required", "TIMEENTRY_041")
		return
	case (b.Start == nil) != (b.End == nil):
		refuse(w, http.StatusBadRequest, "When providing start, you must also provide end", "TIMEENTRY_042")
		return
	case b.TagAction != nil && *b.TagAction != "replace" && *b.TagAction != "add" && *b.TagAction != "remove":
		refuse(w, http.StatusBadRequest, "Tag action must be replace, add or remove", "TIMEENTRY_043")
		return
	}
	if !f.taskReachable(w, *b.TID) {
		return
	}
	f.mu.Lock()
	te := f.entry(id)
	if te == nil {
		f.mu.Unlock()
		refuse(w, http.StatusNotFound, "Time entry not found", "TIMEENTRY_045")
		return
	}
	te.TaskID = *b.TID
	if b.Description != nil {
		te.Description = *b.Description
	}
	switch {
	case b.Start != nil:
		te.Start, te.Duration = *b.Start, *b.End-*b.Start
	case b.Duration != nil:
		te.Duration = *b.Duration
	}
	if b.Billable != nil {
		te.Billable = *b.Billable
	}
	held := te.TimeEntry
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{f.entryJSON(held)}})
}

// deleteTimeEntry answers DELETE /team/{team_id}/time_entries/{timer_id}.
func (f *Server) deleteTimeEntry(w http.ResponseWriter, teamID, id string) {
	if !f.teamOK(w, teamID) {
		return
	}
	f.mu.Lock()
	te := f.entry(id)
	if te != nil {
		te.deleted = true
	}
	f.mu.Unlock()
	if te == nil {
		refuse(w, http.StatusNotFound, "Time entry not found", "TIMEENTRY_045")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": []any{f.entryJSON(te.TimeEntry)}})
}

// taskReachable refuses a tid the fake does not hold (404) or the token
// cannot see (401).
func (f *Server) taskReachable(w http.ResponseWriter, id string) bool {
	t := f.Get(id)
	switch {
	case t.ID == "" || t.Deleted:
		refuse(w, http.StatusNotFound, "Task not found", "ITEM_015")
		return false
	case t.Unreachable:
		refuse(w, http.StatusUnauthorized, "Team not authorized", "OAUTH_027")
		return false
	}
	return true
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
	f.mu.Lock()
	user, _ := f.member(te.User)
	f.mu.Unlock()
	return map[string]any{
		"id": te.ID,
		"task": map[string]any{"id": te.TaskID, "name": task.Name,
			"status": map[string]any{"status": task.Status, "color": "#d3d3d3", "type": task.StatusType, "orderindex": 0}},
		"wid":         f.TeamID,
		"user":        map[string]any{"id": user.ID, "username": user.Username, "email": user.Email},
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
