// Package model holds Dossier's domain types and the pure rules over them.
// It imports only the standard library so every other package can depend on it.
package model

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"sync"
	"time"
)

// ID identifies a record across every workstation of every clinic. The first
// 6 bytes are a millisecond timestamp so that new records append at the end of
// the store's B+tree (bulk creation stays fast); the remaining 10 bytes are
// random so that two workstations never mint the same ID when they later sync.
type ID [16]byte

// ZeroID is the absent ID.
var ZeroID ID

var idMu sync.Mutex
var lastID ID

// NewID returns a fresh time-ordered ID. IDs minted in the same millisecond on
// one process are strictly increasing.
func NewID() ID {
	idMu.Lock()
	defer idMu.Unlock()
	var id ID
	ms := uint64(time.Now().UnixMilli())
	var ts [8]byte
	binary.BigEndian.PutUint64(ts[:], ms)
	copy(id[:6], ts[2:])
	if _, err := rand.Read(id[6:]); err != nil {
		panic("model: system random source failed: " + err.Error())
	}
	if string(id[:6]) == string(lastID[:6]) {
		// Same millisecond: increment the previous ID so order is kept.
		id = lastID
		for i := 15; i >= 6; i-- {
			id[i]++
			if id[i] != 0 {
				break
			}
		}
	}
	lastID = id
	return id
}

// String is the 32-character lowercase hex form used in audit entries and URLs.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// IsZero reports whether the ID is unset.
func (id ID) IsZero() bool { return id == ZeroID }

// ParseID parses the hex form produced by String.
func ParseID(s string) (ID, error) {
	var id ID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(id) {
		return id, errors.New("not a record ID")
	}
	copy(id[:], b)
	return id, nil
}

// MarshalText lets IDs appear as strings in JSON.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText parses an ID from JSON.
func (id *ID) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*id = ZeroID
		return nil
	}
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}
