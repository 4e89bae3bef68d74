package clickuptest

import (
	"net/http"
	"sort"
)

// The fake's workspace has one space, SpaceID, holding the folder
// FolderName with the lists put in it by PutInFolder, and every other list
// folderless, as Get Spaces, Get Folders and Get Folderless Lists show them.
const (
	SpaceID    = "790"
	SpaceName  = "Product"
	FolderID   = "457"
	FolderName = "Sprints"
)

// PutInFolder moves a list into the fake's one folder.
func (f *Server) PutInFolder(listID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.inFolder == nil {
		f.inFolder = map[string]bool{}
	}
	f.inFolder[listID] = true
}

func (f *Server) spaces(w http.ResponseWriter, teamID string) {
	if teamID != f.TeamID {
		refuse(w, http.StatusUnauthorized, "Team not authorized", "OAUTH_027")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"spaces": []map[string]any{{"id": SpaceID, "name": SpaceName, "private": false}}})
}

// spaceLists answers Get Folders (folders true) or Get Folderless Lists.
func (f *Server) spaceLists(w http.ResponseWriter, spaceID string, folders bool) {
	if spaceID != SpaceID {
		refuse(w, http.StatusNotFound, "Space not found", "ITEM_015")
		return
	}
	f.mu.Lock()
	ids := make([]string, 0, len(f.lists))
	for id := range f.lists {
		if f.inFolder[id] == folders {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	lists := []map[string]any{}
	for _, id := range ids {
		lists = append(lists, map[string]any{"id": id, "name": f.lists[id], "orderindex": 0, "archived": false})
	}
	f.mu.Unlock()
	if !folders {
		writeJSON(w, http.StatusOK, map[string]any{"lists": lists})
		return
	}
	out := []map[string]any{}
	if len(lists) > 0 {
		out = append(out, map[string]any{"id": FolderID, "name": FolderName, "hidden": false, "lists": lists})
	}
	writeJSON(w, http.StatusOK, map[string]any{"folders": out})
}
