package game

// What a leaderboard shows (ledger points, streaks, levels, team
// membership, team and user names) changes rarely: an entry logged on time
// earns nothing until its date closes. So the API caches boards and serves
// them again until something they show can have changed. The engine counts
// such changes in a generation: every engine method that commits points,
// game states or badges touches it after each commit, and the API touches
// it after every other write it serves (all but POST /entries, which calls
// TouchBoards itself for a late entry, which may earn points).

// TouchBoards records that something a leaderboard shows may have changed:
// call it after the change is committed and before it is acknowledged.
func (e *Engine) TouchBoards() { e.tr.Touch() }

// BoardsGeneration is the count of TouchBoards calls so far. A cached board
// is current while the generation read before it was loaded is unchanged
// (and, for other processes' changes, while it is young: see api).
func (e *Engine) BoardsGeneration() uint64 { return e.tr.Generation() }
