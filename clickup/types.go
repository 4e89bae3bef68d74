package clickup

// Team is a ClickUp workspace (the API still calls them teams).
type Team struct {
	ID   ID     `json:"id"`
	Name string `json:"name"`
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

// Task is the part of a ClickUp task timestreak uses.
type Task struct {
	ID          ID         `json:"id"`
	Name        string     `json:"name"`
	Status      TaskStatus `json:"status"`
	DateUpdated Millis     `json:"date_updated"`
	DateClosed  Millis     `json:"date_closed"`
	Archived    bool       `json:"archived"`
	List        List       `json:"list"`
}

// Closed reports whether the task is done with: closed, or archived in ClickUp.
func (t *Task) Closed() bool { return t.Archived || t.Status.Type == "closed" }

// WebhookEvent is the body ClickUp POSTs to a webhook; it names the task
// but does not carry it.
type WebhookEvent struct {
	Event     string `json:"event"`
	TaskID    ID     `json:"task_id"`
	WebhookID string `json:"webhook_id"`
}
