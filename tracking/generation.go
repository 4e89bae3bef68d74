package tracking

// Generation counts the committed changes that a cache of a read model
// built on the stored data must not outlive (the leaderboards: see
// game.Engine.TouchBoards). A cache reads Generation before it loads an
// answer and serves that answer only while Generation is unchanged; whoever
// commits such a change calls Touch once it is committed, before answering.
//
// It counts this process's changes only: a cache must also expire after a
// short time, for changes that other processes (replicas, the CLI) make.
func (s *Service) Generation() uint64 { return s.changes.Load() }

// Touch records a committed change (see Generation).
func (s *Service) Touch() { s.changes.Add(1) }
