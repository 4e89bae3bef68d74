package clickup

// SetAfterTwin runs f between a new twin task and its link; an error from f
// stands for a crash there.
func SetAfterTwin(s *Service, f func() error) { s.afterTwin = f }
