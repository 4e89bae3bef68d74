package clickup

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// TimeEntry is a timestreak entry as ClickUp time: start and duration in
// milliseconds, TaskID its "tid", Assignee the ClickUp member whose time
// it is ("" for the token's owner).
type TimeEntry struct {
	Description string
	Start       int64
	Duration    int64
	Billable    bool
	TaskID      string
	Assignee    string
}

// createBody is Create a time entry's body: the reference requires start
// and duration; assignee is a member's integer id.
type createBody struct {
	Description string      `json:"description"`
	Start       int64       `json:"start"`
	Duration    int64       `json:"duration"`
	Billable    bool        `json:"billable"`
	TaskID      string      `json:"tid"`
	Assignee    json.Number `json:"assignee,omitempty"`
}

// noTags is the empty tag list an update must carry: the reference
// requires "tags", and adding no tags leaves any label someone put on the
// entry in ClickUp as it is.
var noTags = []struct{}{}

// updateBody is Update a time Entry's body: the reference requires tags
// and tid, and start only with end (and end only with start). Duration is
// end − start, sent too so that it never disagrees.
type updateBody struct {
	Description string     `json:"description"`
	Tags        []struct{} `json:"tags"`
	TagAction   string     `json:"tag_action"`
	Start       int64      `json:"start"`
	End         int64      `json:"end"`
	Duration    int64      `json:"duration"`
	Billable    bool       `json:"billable"`
	TaskID      string     `json:"tid"`
}

// CreateTimeEntry creates a time entry in the workspace and returns its id
// (POST /team/{team_id}/time_entries, answered {"data": {"id": …}}).
func (c *Client) CreateTimeEntry(ctx context.Context, token, teamID string, te TimeEntry) (string, error) {
	var out struct {
		Data struct {
			ID ID `json:"id"`
		} `json:"data"`
	}
	in := createBody{Description: te.Description, Start: te.Start, Duration: te.Duration, Billable: te.Billable,
		TaskID: te.TaskID, Assignee: json.Number(te.Assignee)}
	if err := c.once(ctx, token, http.MethodPost, "/team/"+url.PathEscape(teamID)+"/time_entries", nil, in, &out); err != nil {
		return "", err
	}
	if out.Data.ID == "" {
		return "", fmt.Errorf("clickup: time entry created without an id")
	}
	return string(out.Data.ID), nil
}

// UpdateTimeEntry replaces a time entry's task, times, description and
// billable flag (PUT /team/{team_id}/time_entries/{timer_id}); ClickUp
// does not change an entry's assignee.
func (c *Client) UpdateTimeEntry(ctx context.Context, token, teamID, id string, te TimeEntry) error {
	in := updateBody{Description: te.Description, Tags: noTags, TagAction: "add", Start: te.Start,
		End: te.Start + te.Duration, Duration: te.Duration, Billable: te.Billable, TaskID: te.TaskID}
	return c.once(ctx, token, http.MethodPut, "/team/"+url.PathEscape(teamID)+"/time_entries/"+url.PathEscape(id), nil, in, nil)
}

// DeleteTimeEntry deletes a time entry (DELETE /team/{team_id}/time_entries/{timer_id}).
func (c *Client) DeleteTimeEntry(ctx context.Context, token, teamID, id string) error {
	return c.once(ctx, token, http.MethodDelete, "/team/"+url.PathEscape(teamID)+"/time_entries/"+url.PathEscape(id), nil, nil, nil)
}
