package clickup

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

// webhookEvents are the events timestreak subscribes to and applies;
// others are acknowledged and ignored.
var webhookEvents = map[string]bool{"taskCreated": true, "taskUpdated": true, "taskStatusUpdated": true, "taskDeleted": true, "taskMoved": true}

// subscribed lists webhookEvents in a fixed order for Create Webhook.
var subscribed = []string{"taskCreated", "taskUpdated", "taskStatusUpdated", "taskDeleted", "taskMoved"}

// Webhook is a webhook ClickUp made; Secret signs its deliveries and is
// returned only by its creation.
type Webhook struct {
	ID     string
	Secret string
}

// CreateWebhook asks ClickUp to post the workspace's task events to
// endpoint (POST /team/{team_id}/webhook with {endpoint, events}, answered
// {id, webhook: {…, secret}}). The webhook covers the whole workspace:
// one location per webhook is all ClickUp allows, and a task moved out
// of a chosen list must still be heard of.
func (c *Client) CreateWebhook(ctx context.Context, token, teamID, endpoint string) (*Webhook, error) {
	in := struct {
		Endpoint string   `json:"endpoint"`
		Events   []string `json:"events"`
	}{endpoint, subscribed}
	var out struct {
		ID      ID `json:"id"`
		Webhook struct {
			ID     ID     `json:"id"`
			Secret string `json:"secret"`
		} `json:"webhook"`
	}
	if err := c.once(ctx, token, http.MethodPost, "/team/"+url.PathEscape(teamID)+"/webhook", nil, in, &out); err != nil {
		return nil, err
	}
	id := out.Webhook.ID
	if id == "" {
		id = out.ID
	}
	if id == "" || out.Webhook.Secret == "" {
		return nil, errors.New("clickup: webhook created without an id or a secret")
	}
	return &Webhook{ID: string(id), Secret: out.Webhook.Secret}, nil
}

// DeleteWebhook deletes a webhook (DELETE /webhook/{webhook_id}).
func (c *Client) DeleteWebhook(ctx context.Context, token, id string) error {
	return c.once(ctx, token, http.MethodDelete, "/webhook/"+url.PathEscape(id), nil, nil, nil)
}
