package scan

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	scanin "dossier/reports/imports/scans"
)

// Inbox is a folder a network scanner or scanning program writes into.
// Dossier takes each finished file, stores its pages encrypted, and then
// removes the plain file: scans of charts must not stay readable on disk.
// Files it cannot read are moved to a "not imported" folder inside the
// inbox with the reason beside them, so nothing is lost silently.
type Inbox struct {
	Dir string
	// settle is how long a file must be unchanged before it is taken,
	// so a scan still being written is not read half-made.
	settle time.Duration
}

// NewInbox watches dir.
func NewInbox(dir string) Inbox { return Inbox{Dir: dir, settle: 3 * time.Second} }

// FailedDir is where unreadable files are put aside.
func (in Inbox) FailedDir() string { return filepath.Join(in.Dir, "not imported") }

// Pending lists files ready to import, oldest first.
func (in Inbox) Pending(now time.Time) ([]string, error) {
	entries, err := os.ReadDir(in.Dir)
	if err != nil {
		return nil, fmt.Errorf("open the scanner inbox %s: %w", in.Dir, err)
	}
	type file struct {
		path string
		mod  time.Time
	}
	var ready []file
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") || strings.HasSuffix(e.Name(), ".reason.txt") {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() == 0 || now.Sub(info.ModTime()) < in.settle {
			continue
		}
		ready = append(ready, file{filepath.Join(in.Dir, e.Name()), info.ModTime()})
	}
	sort.Slice(ready, func(i, j int) bool { return ready[i].mod.Before(ready[j].mod) })
	out := make([]string, len(ready))
	for i, f := range ready {
		out[i] = f.path
	}
	return out, nil
}

// Read loads files for import.
func Read(paths []string) ([]scanin.Input, []scanin.FileError) {
	var in []scanin.Input
	var bad []scanin.FileError
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			bad = append(bad, scanin.FileError{File: filepath.Base(p), Err: err})
			continue
		}
		in = append(in, scanin.Input{Name: filepath.Base(p), Data: data})
	}
	return in, bad
}

// Remove overwrites an imported file with zeros before deleting it. On
// flash storage this is not a guarantee, but it keeps the page out of
// simple undelete tools.
func Remove(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err == nil {
		if info, err := f.Stat(); err == nil {
			zero := make([]byte, 64<<10)
			for left := info.Size(); left > 0; left -= int64(len(zero)) {
				if _, err := f.Write(zero[:min(left, int64(len(zero)))]); err != nil {
					break
				}
			}
			f.Sync()
		}
		f.Close()
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove %s from the inbox: %w", filepath.Base(path), err)
	}
	return nil
}

// PutAside moves a file that could not be imported out of the way, with a
// note saying why.
func (in Inbox) PutAside(path string, reason error) error {
	if err := os.MkdirAll(in.FailedDir(), 0o700); err != nil {
		return err
	}
	dst := filepath.Join(in.FailedDir(), filepath.Base(path))
	if err := os.Rename(path, dst); err != nil {
		return fmt.Errorf("move %s aside: %w", filepath.Base(path), err)
	}
	return os.WriteFile(dst+".reason.txt", []byte(reason.Error()+"\n"), 0o600)
}
