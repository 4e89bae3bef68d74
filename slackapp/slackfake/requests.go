package slackfake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// What Slack sends to the app: slash commands and button presses, each
// signed with the app's signing secret (docs.slack.dev, "Verifying
// requests from Slack").

// Sign is the X-Slack-Request-Timestamp and X-Slack-Signature Slack sends
// with body at the instant at.
func Sign(secret string, at time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", timestamp)
	mac.Write(body)
	return timestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Command is the form body of a slash command a member typed.
func Command(m Member, channelID, text, responseURL string) []byte {
	return []byte(url.Values{
		"token":        {"the-deprecated-verification-token"},
		"team_id":      {m.TeamID},
		"team_domain":  {"acme"},
		"channel_id":   {channelID},
		"channel_name": {"general"},
		"user_id":      {m.ID},
		"user_name":    {m.Name},
		"command":      {"/timestreak"},
		"text":         {text},
		"api_app_id":   {"A0TIMESTREAK"},
		"response_url": {responseURL},
		"trigger_id":   {"13345224609.738474920.8088930838d88f008e0"},
	}.Encode())
}

// Press is the form body of a block_actions payload: member pressed the
// button on the message messageTS in channelID.
func Press(m Member, channelID, messageTS string, b Element, responseURL string) []byte {
	payload := map[string]any{
		"type":         "block_actions",
		"team":         map[string]any{"id": m.TeamID, "domain": "acme"},
		"user":         map[string]any{"id": m.ID, "username": m.Name, "name": m.Name, "team_id": m.TeamID},
		"api_app_id":   "A0TIMESTREAK",
		"token":        "the-deprecated-verification-token",
		"container":    map[string]any{"type": "message", "message_ts": messageTS, "channel_id": channelID, "is_ephemeral": false},
		"trigger_id":   "13345224609.738474920.8088930838d88f008e0",
		"channel":      map[string]any{"id": channelID, "name": "directmessage"},
		"response_url": responseURL,
		"actions": []map[string]any{{"type": "button", "action_id": b.ActionID, "block_id": "b1", "value": b.Value,
			"text": map[string]any{"type": "plain_text", "text": b.Label()}, "action_ts": "1700000000.000200"}},
	}
	js, _ := json.Marshal(payload)
	return []byte(url.Values{"payload": {string(js)}}.Encode())
}
