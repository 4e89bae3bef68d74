package clickuptest

import (
	"net/http"
	"slices"
	"strconv"
)

// Task is a task the fake holds.
type Task struct {
	ID          string
	ListID      string   // its home list
	Locations   []string // the other lists it was added to (Tasks in Multiple Lists)
	Parent      string   // the parent task's id for a subtask
	Name        string
	Status      string // e.g. "to do", "complete"
	StatusType  string // "open", "custom", "done" or "closed"
	DateUpdated int64  // Unix ms
	Archived    bool
	Deleted     bool
	// Unreachable: the token's owner cannot see the task (a private
	// space or list): GET /task answers 401 "Team not authorized", and
	// no list page shows it.
	Unreachable bool
}

// in reports whether the task is in the list, as its home or another location.
func (t *Task) in(listID string) bool {
	return t.ListID == listID || slices.Contains(t.Locations, listID)
}

// AddList adds a list.
func (f *Server) AddList(id, name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists[id] = name
	f.listOrder = append(f.listOrder, id)
}

// Put adds or replaces a task (by id); moving a task is putting it with
// another ListID or Locations.
func (f *Server) Put(t Task) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if t.StatusType == "" {
		t.StatusType = "open"
	}
	if t.Status == "" {
		t.Status = "to do"
	}
	t.Locations = slices.Clone(t.Locations)
	for i, old := range f.tasks {
		if old.ID == t.ID {
			f.tasks[i] = &t
			return
		}
	}
	f.tasks = append(f.tasks, &t)
}

// Get returns a copy of a task.
func (f *Server) Get(id string) Task {
	f.mu.Lock()
	defer f.mu.Unlock()
	if t := f.taskByID(id); t != nil {
		return *t
	}
	return Task{}
}

// taskByID finds a task; f.mu is held.
func (f *Server) taskByID(id string) *Task {
	for _, t := range f.tasks {
		if t.ID == id {
			return t
		}
	}
	return nil
}

func (f *Server) list(w http.ResponseWriter, id string) {
	f.mu.Lock()
	name, ok := f.lists[id]
	f.mu.Unlock()
	if !ok {
		refuse(w, http.StatusNotFound, "List not found", "ITEM_013")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "name": name, "orderindex": 0, "content": "",
		"task_count": nil, "archived": false, "override_statuses": false})
}

// listTasks answers Get Tasks: only tasks whose home list is the list
// unless include_timl=true, no subtasks unless subtasks=true, no closed
// tasks unless include_closed=true, archived ones only with archived=true.
func (f *Server) listTasks(w http.ResponseWriter, r *http.Request, listID string) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	includeClosed := q.Get("include_closed") == "true"
	archived := q.Get("archived") == "true"
	subtasks := q.Get("subtasks") == "true"
	timl := q.Get("include_timl") == "true"
	var since int64
	if v := q.Get("date_updated_gt"); v != "" {
		since, _ = strconv.ParseInt(v, 10, 64)
	}
	f.mu.Lock()
	_, known := f.lists[listID]
	var match []Task
	for _, t := range f.tasks {
		home := t.ListID == listID
		if (!home && !(timl && t.in(listID))) || t.Deleted || t.Unreachable || t.Archived != archived ||
			(t.Parent != "" && !subtasks) || (!includeClosed && t.StatusType == "closed") || (since > 0 && t.DateUpdated <= since) {
			continue
		}
		match = append(match, *t)
	}
	size := f.PageSize
	f.mu.Unlock()
	if !known {
		refuse(w, http.StatusNotFound, "List not found", "ITEM_013")
		return
	}
	lo, hi := min(page*size, len(match)), min((page+1)*size, len(match))
	out := []any{}
	for _, t := range match[lo:hi] {
		out = append(out, f.taskJSON(t))
	}
	writeJSON(w, http.StatusOK, map[string]any{"tasks": out, "last_page": hi >= len(match)})
}

func (f *Server) task(w http.ResponseWriter, id string) {
	t := f.Get(id)
	switch {
	case t.ID == "" || t.Deleted:
		refuse(w, http.StatusNotFound, "Task not found, deleted", "ITEM_013")
	case t.Unreachable:
		refuse(w, http.StatusUnauthorized, "Team not authorized", "OAUTH_027")
	default:
		writeJSON(w, http.StatusOK, f.taskJSON(t))
	}
}

// taskJSON is a task as the reference shapes it: ids and dates are
// strings, "list" is the home list and "locations" the others. The
// reference's task has no "archived" field; ClickUp adds "archived": true
// to an archived task, and so does the fake, leaving it out otherwise.
func (f *Server) taskJSON(t Task) map[string]any {
	f.mu.Lock()
	listName := f.lists[t.ListID]
	locations := []any{}
	for _, id := range t.Locations {
		locations = append(locations, map[string]any{"id": id, "name": f.lists[id]})
	}
	f.mu.Unlock()
	updated := strconv.FormatInt(t.DateUpdated, 10)
	var closed, parent any
	if t.StatusType == "closed" {
		closed = updated
	}
	if t.Parent != "" {
		parent = t.Parent
	}
	out := map[string]any{
		"id": t.ID, "custom_id": nil, "name": t.Name, "text_content": "", "description": "",
		"status":     map[string]any{"status": t.Status, "color": "#d3d3d3", "orderindex": 0, "type": t.StatusType},
		"orderindex": "1.00000000000000000000000000000000", "date_created": "1567780450202",
		"date_updated": updated, "date_closed": closed, "date_done": nil,
		"creator":   map[string]any{"id": Owner.ID, "username": Owner.Username, "color": "#827718", "profilePicture": nil},
		"assignees": []any{}, "watchers": []any{}, "checklists": []any{}, "tags": []any{},
		"parent": parent, "priority": nil, "due_date": nil, "start_date": nil,
		"locations":     locations,
		"list":          map[string]any{"id": t.ListID, "name": listName, "access": true},
		"folder":        map[string]any{"id": "456", "name": "Folder", "hidden": false, "access": true},
		"space":         map[string]any{"id": "789"},
		"url":           "https://app.clickup.com/t/" + t.ID,
		"time_estimate": nil,
	}
	if t.Archived {
		out["archived"] = true
	}
	return out
}
