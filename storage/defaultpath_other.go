//go:build !windows

package storage

import (
	"fmt"
	"os"
	"path/filepath"
)

// DefaultPath is the clinic store in the user's data folder
// (~/.config/Dossier on Linux, ~/Library/Application Support/Dossier on
// macOS): one clerk's account per laptop is the usual case there.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find your data folder: %w", err)
	}
	return filepath.Join(dir, "Dossier", "clinic.dossier"), nil
}
