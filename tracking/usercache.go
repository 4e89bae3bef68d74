package tracking

import "context"

// AuthUser is User for authentication: the same answer, from the cache
// (ttlcache.go) when the user was loaded less than a second ago.
func (s *Service) AuthUser(ctx context.Context, id string) (*User, error) {
	u, gen, ok := s.users.get(id)
	if ok {
		return &u, nil
	}
	loaded, err := s.User(ctx, id)
	if err != nil {
		return nil, err
	}
	s.users.put(id, *loaded, gen)
	return loaded, nil
}
