package clickup

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// TimeEntry is what ClickUp's time-entry create and update take: start and
// duration in milliseconds, TaskID its "tid".
type TimeEntry struct {
	Description string `json:"description"`
	Start       int64  `json:"start"`
	Billable    bool   `json:"billable"`
	Duration    int64  `json:"duration"`
	TaskID      string `json:"tid"`
}

// CreateTimeEntry creates a time entry in the workspace and returns its id
// (POST /team/{team_id}/time_entries, answered {"data": {"id": …}}).
func (c *Client) CreateTimeEntry(ctx context.Context, token, teamID string, te TimeEntry) (string, error) {
	var out struct {
		Data struct {
			ID ID `json:"id"`
		} `json:"data"`
	}
	if err := c.once(ctx, token, http.MethodPost, "/team/"+url.PathEscape(teamID)+"/time_entries", nil, te, &out); err != nil {
		return "", err
	}
	if out.Data.ID == "" {
		return "", fmt.Errorf("clickup: time entry created without an id")
	}
	return string(out.Data.ID), nil
}

// UpdateTimeEntry replaces a time entry's fields (PUT /team/{team_id}/time_entries/{timer_id}).
func (c *Client) UpdateTimeEntry(ctx context.Context, token, teamID, id string, te TimeEntry) error {
	return c.once(ctx, token, http.MethodPut, "/team/"+url.PathEscape(teamID)+"/time_entries/"+url.PathEscape(id), nil, te, nil)
}

// DeleteTimeEntry deletes a time entry (DELETE /team/{team_id}/time_entries/{timer_id}).
func (c *Client) DeleteTimeEntry(ctx context.Context, token, teamID, id string) error {
	return c.once(ctx, token, http.MethodDelete, "/team/"+url.PathEscape(teamID)+"/time_entries/"+url.PathEscape(id), nil, nil, nil)
}
