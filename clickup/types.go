package clickup

import "slices"

// Team is a ClickUp workspace (the API still calls them teams) with its members.
type Team struct {
	ID      ID       `json:"id"`
	Name    string   `json:"name"`
	Members []Member `json:"members"`
}

// Member is a workspace member as Get Authorized Workspaces lists it.
type Member struct {
	User struct {
		ID       ID     `json:"id"`
		Username string `json:"username"`
		Email    string `json:"email"`
	} `json:"user"`
}

// List is a ClickUp list; its tasks become one timestreak project's tasks.
type List struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
}

// TaskStatus is a task's status; Type is "open", "custom", "done" or "closed".
type TaskStatus struct {
	Status string `json:"status"`
	Type   string `json:"type"`
}

// Task is the part of a ClickUp task timestreak uses. List is its home
// list, Locations the other lists it was added to; Parent is set on a
// subtask.
type Task struct {
	ID          ID         `json:"id"`
	Name        string     `json:"name"`
	Status      TaskStatus `json:"status"`
	DateUpdated Millis     `json:"date_updated"`
	DateClosed  Millis     `json:"date_closed"`
	// Archived is false when the field is absent: the reference's task has
	// no "archived" (ClickUp adds it to archived tasks), so its status
	// decides, and list pages leave archived tasks out anyway.
	Archived  bool   `json:"archived"`
	Parent    ID     `json:"parent"`
	List      List   `json:"list"`
	Locations []List `json:"locations"`
}

// Closed reports whether the task is done with: closed, or archived in ClickUp.
func (t *Task) Closed() bool { return t.Archived || t.Status.Type == "closed" }

// in returns the first of the task's lists (its home list, then the
// others) that is one of lists, or "".
func (t *Task) in(lists []string) string {
	for _, l := range append([]List{t.List}, t.Locations...) {
		if slices.Contains(lists, string(l.ID)) {
			return string(l.ID)
		}
	}
	return ""
}

// WebhookEvent is the body ClickUp POSTs to a webhook; it names the task
// but does not carry it (taskMoved included: the task is fetched to learn
// where it is now).
type WebhookEvent struct {
	Event     string `json:"event"`
	TaskID    ID     `json:"task_id"`
	WebhookID string `json:"webhook_id"`
}
