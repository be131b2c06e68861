package storage

import (
	"dossier/model"
	"dossier/storage/internal/boltfile"
	"errors"
	"fmt"
	"syscall"
)

// Errors that callers test for. Their texts are written for clinic staff.
var (
	ErrAlreadyOpen      = &model.Error{Code: model.Locked, Message: "Dossier is already open on this computer: close the other window first"}
	ErrNotStore         = &model.Error{Code: model.Damaged, Message: "this file is not a Dossier store"}
	ErrNoStore          = &model.Error{Code: model.NotFound, Message: "no Dossier store here yet: set up the clinic first (dossier init)"}
	ErrExists           = &model.Error{Code: model.Conflict, Message: "a Dossier store already exists at this path"}
	ErrWrongPassword    = &model.Error{Code: model.Denied, Message: "wrong username or password"}
	ErrWrongRecoveryKey = &model.Error{Code: model.Denied, Message: "this recovery key does not open this store"}
	ErrNewerSchema      = &model.Error{Code: model.Unavailable, Message: "this store was written by a newer Dossier: update Dossier to open it"}
	ErrLocked           = &model.Error{Code: model.Locked, Message: "the session is locked: sign in again"}
	ErrNotFound         = &model.Error{Code: model.NotFound, Message: "record not found"}
	ErrDeleted          = &model.Error{Code: model.NotFound, Message: "this record is deleted"}
	ErrRestricted       = &model.Error{Code: model.Denied, Message: "this record is restricted: break the glass with a reason to open it"}
	ErrReasonRequired   = &model.Error{Code: model.Invalid, Message: "give a reason for this change"}
	ErrDiskFull         = &model.Error{Code: model.Unavailable, Message: "the disk is full: nothing was saved; free some space and try again"}
	ErrUserDisabled     = &model.Error{Code: model.Denied, Message: "this user account is disabled"}
	ErrStale            = &model.Error{Code: model.Conflict, Message: "someone else saved this record after you opened it: reopen it and make your change again"}
)

// ErrDenied matches (with errors.Is) every refusal for want of a permission.
var ErrDenied = &model.Error{Code: model.Denied}

// denied says which permission a user lacked; Fields holds "user" and
// "permission".
func denied(user, perm string) *model.Error {
	const format = "%s may not %s: ask a user with that role"
	return &model.Error{
		Code:    model.Denied,
		Message: fmt.Sprintf(format, user, perm),
		Fields:  map[string]string{"user": user, "permission": perm},
		Format:  format,
		Args:    []any{user, perm},
	}
}

// diskErr turns an out-of-space error from the OS into ErrDiskFull, keeping
// the original for logs.
func diskErr(err error) error {
	if err != nil && errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("%w (%v)", ErrDiskFull, err)
	}
	return err
}

// errDamagedStore is the plain answer for a store file that is cut short or
// otherwise unreadable by bbolt.
func errDamagedStore(path, why string) error {
	return model.Errorf(model.Damaged, "the store %s is damaged (%s): nothing was read or written; restore the latest backup with: dossier restore --from FILE", path, why)
}

// checkBoltFile refuses, before bbolt opens it, a file bbolt would crash on
// or write into (storage/internal/boltfile).
func checkBoltFile(path string) error {
	err := boltfile.Check(path)
	var d *boltfile.Damage
	switch {
	case err == nil:
		return nil
	case errors.Is(err, boltfile.ErrNotBolt):
		return fmt.Errorf("%s: %w", path, ErrNotStore)
	case errors.As(err, &d):
		return errDamagedStore(path, d.Why)
	}
	return err
}
