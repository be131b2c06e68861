// Package privatefile writes files that may hold patient data, for every
// front end and flow: readable by the user only, synced before they count
// as written, and removed again if anything failed.
package privatefile

import (
	"fmt"
	"io"
	"os"
)

// Write creates or truncates path with mode 0600 (also over a file that
// already existed with a wider mode, e.g. made by a save dialog), calls
// write, and syncs. If write, the sync or the close fails, the file is
// removed so no half file is left behind.
func Write(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = f.Chmod(0o600)
	if err == nil {
		err = write(f)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
