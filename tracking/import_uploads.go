package tracking

import (
	"context"
	"io"
	"time"

	"github.com/timestreak/timestreak/internal/valid"
	"github.com/timestreak/timestreak/tracking/store"
)

// ImportUploadTTL is how long an uploaded export waits for its import.
const ImportUploadTTL = time.Hour

// SaveImportUpload keeps an export file for its uploader. name is the
// file's name as the person picked it, for the screens.
func (s *Service) SaveImportUpload(ctx context.Context, by, name string, r io.Reader) (*ImportUpload, error) {
	name, err := valid.Name("name", name, valid.MaxNameChars)
	if err != nil || name == "" {
		name = "export.csv"
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, valid.Invalid("file", "is empty")
	}
	now := s.Now()
	up := &ImportUpload{ID: store.NewID(), CreatedBy: by, Name: name, Size: int64(len(data)), Data: data,
		CreatedAt: now, ExpiresAt: now.Add(ImportUploadTTL)}
	if err := s.db.Engine(ctx).Create(up).Error; err != nil {
		return nil, err
	}
	return up, nil
}

// ImportUploadOf is an unexpired upload of by's: nobody else's, not even
// another admin's, is found.
func (s *Service) ImportUploadOf(ctx context.Context, by, id string) (*ImportUpload, error) {
	var ups []ImportUpload
	if err := s.db.Engine(ctx).Where("id = ? AND created_by = ? AND expires_at > ?", id, by, s.Now()).
		Limit(1).Find(&ups).Error; err != nil {
		return nil, err
	}
	if len(ups) == 0 {
		return nil, store.ErrNotFound
	}
	return &ups[0], nil
}

// DeleteImportUpload forgets an upload once it was imported.
func (s *Service) DeleteImportUpload(ctx context.Context, id string) error {
	return s.db.Engine(ctx).Where("id = ?", id).Delete(&ImportUpload{}).Error
}
