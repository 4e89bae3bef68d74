package auth

import "context"

// AuthUser is User for authentication: the same answer, from the cache
// (internal/ttlcache) when the user was loaded less than a second ago.
func (s *Accounts) AuthUser(ctx context.Context, id string) (*User, error) {
	u, gen, ok := s.users.Get(id)
	if ok {
		return &u, nil
	}
	loaded, err := s.User(ctx, id)
	if err != nil {
		return nil, err
	}
	s.users.Put(id, *loaded, gen)
	return loaded, nil
}
