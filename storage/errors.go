// Package storage is the only package that touches the database file. It keeps
// every record sealed with an AEAD cipher, writes a new revision on every save,
// appends every access to a keyed hash-chained audit trail, checks permissions
// on every call, and makes and restores backups.
package storage

import (
	"errors"
	"fmt"
	"syscall"
)

// Errors that callers test for. Their texts are written for clinic staff.
var (
	ErrAlreadyOpen      = errors.New("Dossier is already open on this computer: close the other window first")
	ErrNotStore         = errors.New("this file is not a Dossier store")
	ErrNoStore          = errors.New("no Dossier store here yet: set up the clinic first (dossier init)")
	ErrExists           = errors.New("a Dossier store already exists at this path")
	ErrWrongPassword    = errors.New("wrong username or password")
	ErrWrongRecoveryKey = errors.New("this recovery key does not open this store")
	ErrNewerSchema      = errors.New("this store was written by a newer Dossier: update Dossier to open it")
	ErrLocked           = errors.New("the session is locked: sign in again")
	ErrNotFound         = errors.New("record not found")
	ErrDeleted          = errors.New("this record is deleted")
	ErrRestricted       = errors.New("this record is restricted: break the glass with a reason to open it")
	ErrReasonRequired   = errors.New("give a reason for this change")
	ErrDiskFull         = errors.New("the disk is full: nothing was saved; free some space and try again")
	ErrUserDisabled     = errors.New("this user account is disabled")
	ErrStale            = errors.New("someone else saved this record after you opened it: reopen it and make your change again")
)

// DeniedError says which permission a user lacked.
type DeniedError struct {
	User string
	Perm string
}

func (e *DeniedError) Error() string {
	return fmt.Sprintf("%s may not %s: ask a user with that role", e.User, e.Perm)
}

// diskErr turns an out-of-space error from the OS into ErrDiskFull, keeping
// the original for logs.
func diskErr(err error) error {
	if err != nil && errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("%w (%v)", ErrDiskFull, err)
	}
	return err
}
