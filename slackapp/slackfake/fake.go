// Package slackfake is a fake Slack for tests: the Web API methods the app
// uses, the response_url endpoints Slack gives with commands and button
// presses, and the signed requests Slack sends. It follows Slack's
// documented protocol (docs.slack.dev): methods take a form or a JSON
// body with the token as a "token" field or an Authorization bearer, and
// answer HTTP 200 with {"ok": false, "error": …} when they refuse
// (invalid_auth, user_not_found, users_not_found, channel_not_found,
// no_text, invalid_blocks), or 429 with Retry-After when rate limited;
// Block Kit is checked against its documented limits (50 blocks, 25
// elements in an actions block, action ids unique within a block, button
// labels of at most 75 characters and values of at most 2,000); a
// response_url takes five messages at most.
package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Member is someone in the fake workspace.
type Member struct {
	ID, TeamID, Name, Email string
	Deleted, IsBot          bool
}

// Call is one Web API request the fake received.
type Call struct {
	Method string
	Form   url.Values
}

// Post is a message chat.postMessage accepted.
type Post struct {
	Channel, Text string
	Blocks        []Block
	TS            string
}

// Response is a message sent to a response_url.
type Response struct {
	URL             string
	Text            string  `json:"text"`
	ResponseType    string  `json:"response_type"`
	ReplaceOriginal bool    `json:"replace_original"`
	Blocks          []Block `json:"blocks"`
}

// Block is a Block Kit block, as much of it as tests read.
type Block struct {
	Type     string    `json:"type"`
	BlockID  string    `json:"block_id"`
	Text     *Text     `json:"text"`
	Elements []Element `json:"elements"`
}

// Text is a text object.
type Text struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// Element is a block element (a button, or a context's text).
type Element struct {
	Type     string `json:"type"`
	ActionID string `json:"action_id"`
	Value    string `json:"value"`
	Text     any    `json:"text"` // a text object in a button, a string in a context
}

// Label is a button's text.
func (e Element) Label() string {
	if m, ok := e.Text.(map[string]any); ok {
		s, _ := m["text"].(string)
		return s
	}
	return ""
}

// Buttons lists the buttons of a message's blocks, in order.
func Buttons(blocks []Block) []Element {
	var out []Element
	for _, b := range blocks {
		for _, e := range b.Elements {
			if e.Type == "button" {
				out = append(out, e)
			}
		}
	}
	return out
}

// Server is the fake.
type Server struct {
	*httptest.Server
	Token string

	mu        sync.Mutex
	members   []Member
	channels  map[string]bool // channel ids chat.postMessage accepts
	dms       map[string]string
	calls     []Call
	posts     []Post
	responses []Response
	urlUses   map[string]int
	nextURL   int
	limited   int
	refusals  map[string]string // method → error it answers
	changed   chan struct{}
}

// New starts a fake workspace whose bot token is token.
func New(t testing.TB, token string) *Server {
	f := &Server{Token: token, channels: map[string]bool{}, dms: map[string]string{}, urlUses: map[string]int{},
		refusals: map[string]string{}, changed: make(chan struct{}, 1)}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// APIURL is the Web API base to give the app (like https://slack.com/api/).
func (f *Server) APIURL() string { return f.URL + "/api/" }

// AddMember puts someone in the workspace.
func (f *Server) AddMember(m Member) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.members = append(f.members, m)
}

// AddChannel makes a channel the bot may post to.
func (f *Server) AddChannel(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.channels[id] = true
}

// RateLimit makes the next n Web API calls answer 429 (Retry-After: 1).
func (f *Server) RateLimit(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limited = n
}

// Refuse makes a method answer {"ok": false, "error": reason} ("" to stop).
func (f *Server) Refuse(method, reason string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refusals[method] = reason
}

// ResponseURL is a new response_url, as Slack sends with a command or a
// button press.
func (f *Server) ResponseURL() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextURL++
	return fmt.Sprintf("%s/commands/T0/%d/hook", f.URL, f.nextURL)
}

// Calls lists the Web API calls, in order.
func (f *Server) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// Posts lists the messages posted, in order.
func (f *Server) Posts() []Post {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.posts)
}

// DM is the direct message channel of a member, "" before one was opened.
func (f *Server) DM(userID string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.dms[userID]
}

// Responses lists the messages sent to response URLs, in order.
func (f *Server) Responses() []Response {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.responses)
}

// WaitResponses waits until n messages came to response URLs.
func (f *Server) WaitResponses(t testing.TB, n int) []Response {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if r := f.Responses(); len(r) >= n {
			return r
		}
		select {
		case <-f.changed:
		case <-deadline:
			t.Fatalf("waited for %d messages to response URLs, got %d", n, len(f.Responses()))
		}
	}
}

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if strings.HasPrefix(r.URL.Path, "/commands/") {
		f.respond(w, r, body)
		return
	}
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	form, token := f.read(r, body)
	f.mu.Lock()
	f.calls = append(f.calls, Call{Method: method, Form: form})
	limited := f.limited > 0
	if limited {
		f.limited--
	}
	refusal := f.refusals[method]
	f.mu.Unlock()
	if limited {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		answer(w, map[string]any{"ok": false, "error": "ratelimited"})
		return
	}
	if token != f.Token {
		refuse(w, "invalid_auth")
		return
	}
	if refusal != "" {
		refuse(w, refusal)
		return
	}
	switch method {
	case "users.info":
		f.usersInfo(w, form)
	case "users.lookupByEmail":
		f.lookupByEmail(w, form)
	case "conversations.open":
		f.open(w, form)
	case "chat.postMessage":
		f.postMessage(w, form)
	default:
		refuse(w, "unknown_method")
	}
}

// read takes a form or a JSON body; the token comes as a field or as the
// Authorization bearer.
func (f *Server) read(r *http.Request, body []byte) (url.Values, string) {
	form := url.Values{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		for k, v := range m {
			switch v := v.(type) {
			case string:
				form.Set(k, v)
			default:
				js, _ := json.Marshal(v)
				form.Set(k, string(js))
			}
		}
	} else {
		form, _ = url.ParseQuery(string(body))
	}
	token := form.Get("token")
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		token = bearer
	}
	return form, token
}

func answer(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

func refuse(w http.ResponseWriter, reason string) {
	answer(w, map[string]any{"ok": false, "error": reason})
}

func userObject(m Member) map[string]any {
	return map[string]any{"id": m.ID, "team_id": m.TeamID, "name": strings.ToLower(strings.Fields(m.Name + " x")[0]),
		"real_name": m.Name, "deleted": m.Deleted, "is_bot": m.IsBot,
		"profile": map[string]any{"real_name": m.Name, "display_name": m.Name, "email": m.Email}}
}

func (f *Server) member(match func(Member) bool) (Member, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range f.members {
		if match(m) {
			return m, true
		}
	}
	return Member{}, false
}

func (f *Server) usersInfo(w http.ResponseWriter, form url.Values) {
	m, ok := f.member(func(m Member) bool { return m.ID == form.Get("user") })
	if !ok {
		refuse(w, "user_not_found")
		return
	}
	answer(w, map[string]any{"ok": true, "user": userObject(m)})
}

func (f *Server) lookupByEmail(w http.ResponseWriter, form url.Values) {
	email := strings.ToLower(strings.TrimSpace(form.Get("email")))
	m, ok := f.member(func(m Member) bool { return strings.ToLower(m.Email) == email && !m.Deleted })
	if email == "" || !ok {
		refuse(w, "users_not_found")
		return
	}
	answer(w, map[string]any{"ok": true, "user": userObject(m)})
}

func (f *Server) open(w http.ResponseWriter, form url.Values) {
	users := strings.Split(form.Get("users"), ",")
	if len(users) != 1 || users[0] == "" {
		refuse(w, "users_list_not_supplied")
		return
	}
	if _, ok := f.member(func(m Member) bool { return m.ID == users[0] && !m.Deleted }); !ok {
		refuse(w, "user_not_found")
		return
	}
	f.mu.Lock()
	id, ok := f.dms[users[0]]
	if !ok {
		id = fmt.Sprintf("D%08d", len(f.dms)+1)
		f.dms[users[0]] = id
		f.channels[id] = true
	}
	f.mu.Unlock()
	answer(w, map[string]any{"ok": true, "channel": map[string]any{"id": id}})
}

func (f *Server) postMessage(w http.ResponseWriter, form url.Values) {
	channel, text := form.Get("channel"), form.Get("text")
	var blocks []Block
	if raw := form.Get("blocks"); raw != "" {
		if err := checkBlocks(raw, &blocks); err != "" {
			answer(w, map[string]any{"ok": false, "error": "invalid_blocks", "errors": []string{err}})
			return
		}
	}
	if text == "" && len(blocks) == 0 && form.Get("attachments") == "" {
		refuse(w, "no_text")
		return
	}
	f.mu.Lock()
	if !f.channels[channel] {
		f.mu.Unlock()
		refuse(w, "channel_not_found")
		return
	}
	ts := strconv.FormatInt(1700000000+int64(len(f.posts)), 10) + ".000100"
	f.posts = append(f.posts, Post{Channel: channel, Text: text, Blocks: blocks, TS: ts})
	f.mu.Unlock()
	answer(w, map[string]any{"ok": true, "channel": channel, "ts": ts, "message": map[string]any{"text": text, "ts": ts}})
}

// checkBlocks holds Block Kit to the limits Slack documents.
func checkBlocks(raw string, blocks *[]Block) string {
	var generic []map[string]any
	if err := json.Unmarshal([]byte(raw), &generic); err != nil {
		return "blocks must be a JSON array"
	}
	if err := json.Unmarshal([]byte(raw), blocks); err != nil {
		return "blocks do not parse"
	}
	if len(*blocks) > 50 {
		return "more than 50 blocks"
	}
	for _, b := range *blocks {
		if b.Text != nil && len([]rune(b.Text.Text)) > 3000 {
			return "a text over 3000 characters"
		}
		if b.Type == "actions" && len(b.Elements) > 25 {
			return "more than 25 elements in an actions block"
		}
		ids := map[string]bool{}
		for _, e := range b.Elements {
			if e.Type != "button" {
				continue
			}
			if ids[e.ActionID] {
				return "action_id " + e.ActionID + " twice in one block"
			}
			ids[e.ActionID] = true
			if n := len([]rune(e.Label())); n == 0 || n > 75 {
				return "a button label of " + strconv.Itoa(n) + " characters"
			}
			if len(e.Value) > 2000 || len(e.ActionID) > 255 {
				return "a button value or action_id over its limit"
			}
		}
	}
	return ""
}

// respond takes a message to a response_url: JSON, five at most per URL.
func (f *Server) respond(w http.ResponseWriter, r *http.Request, body []byte) {
	var m Response
	if r.Method != http.MethodPost || json.Unmarshal(body, &m) != nil {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	var raw struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	_ = json.Unmarshal(body, &raw)
	if len(raw.Blocks) > 0 && string(raw.Blocks) != "null" {
		var blocks []Block
		if err := checkBlocks(string(raw.Blocks), &blocks); err != "" {
			http.Error(w, "invalid_blocks: "+err, http.StatusBadRequest)
			return
		}
	}
	m.URL = r.URL.String()
	f.mu.Lock()
	f.urlUses[r.URL.Path]++
	if f.urlUses[r.URL.Path] > 5 {
		f.mu.Unlock()
		http.Error(w, "used_url", http.StatusNotFound)
		return
	}
	f.responses = append(f.responses, m)
	f.mu.Unlock()
	select {
	case f.changed <- struct{}{}:
	default:
	}
	_, _ = io.WriteString(w, "ok")
}
