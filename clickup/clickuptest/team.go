package clickuptest

import (
	"net/http"
	"slices"
	"strings"
)

// Member is a member of the fake's workspace.
type Member struct {
	ID       int64
	Username string
	Email    string
}

// AddMember adds a member to the workspace (or replaces the one with the id).
func (f *Server) AddMember(m Member) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, old := range f.members {
		if old.ID == m.ID {
			f.members[i] = m
			return
		}
	}
	f.members = append(f.members, m)
}

// RemoveMember removes a member from the workspace.
func (f *Server) RemoveMember(id int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.members = slices.DeleteFunc(f.members, func(m Member) bool { return m.ID == id })
}

// member finds a member by id; f.mu is held.
func (f *Server) member(id int64) (Member, bool) {
	for _, m := range f.members {
		if m.ID == id {
			return m, true
		}
	}
	return Member{}, false
}

// team answers Get Authorized Workspaces: the one workspace with its
// members, each as {"user": {id, username, email, …}}.
func (f *Server) team(w http.ResponseWriter) {
	f.mu.Lock()
	members := []any{}
	for _, m := range f.members {
		members = append(members, map[string]any{"user": map[string]any{
			"id": m.ID, "username": m.Username, "email": m.Email, "color": "#7b68ee",
			"profilePicture": nil, "initials": initials(m.Username), "role": 3}})
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"teams": []any{map[string]any{
		"id": f.TeamID, "name": f.TeamName, "color": "#7b68ee", "avatar": nil, "members": members}}})
}

func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		b.WriteString(strings.ToUpper(w[:1]))
	}
	return b.String()
}
