package game

// What a leaderboard shows (ledger points, streaks, levels, team
// membership, team and user names) changes rarely: an entry logged on time
// earns nothing until its date closes. So the API caches boards and serves
// them again until something they show can have changed, which the
// database tells: it counts each table's committed writes
// (database.DB.Changed), whoever made them — the close-out, the weekly
// award, a late entry's award, recompute, a rename or a new member.

// boardTables are the tables a board is made of.
var boardTables = []string{"points_events", "game_states", "users", "team_members", "teams"}

// BoardsGeneration moves whenever a change to what a board shows has
// committed in this process. A cached board is current while the
// generation read before it was loaded is unchanged (and, for other
// processes' changes, while it is young: see api).
func (e *Engine) BoardsGeneration() uint64 { return e.db.Changed(boardTables...) }
