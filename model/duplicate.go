package model

import (
	"crypto/sha256"
	"time"
)

// DuplicateStatus is where a possible duplicate pair stands. Stored:
// append-only.
type DuplicateStatus string

const (
	DupOpen         DuplicateStatus = "open"
	DupDeferred     DuplicateStatus = "deferred"
	DupNotDuplicate DuplicateStatus = "not-duplicate"
	DupMerged       DuplicateStatus = "merged"
)

// DuplicatePair is one entry of the supervisor's review queue. A pair
// marked not-duplicate is remembered and never proposed again.
type DuplicatePair struct {
	ID       ID              `json:"id"`
	A        ID              `json:"a"`
	B        ID              `json:"b"`
	Score    float64         `json:"score"`
	Decision string          `json:"decision"` // "match" or "review", from the matcher
	Agree    []string        `json:"agree,omitempty"`
	Differ   []string        `json:"differ,omitempty"`
	Status   DuplicateStatus `json:"status"`
	Found    time.Time       `json:"found"`
	Note     string          `json:"note,omitempty"`
}

// PairID is the fixed record ID of the pair {a, b}, in either order, so a
// decision on it is found again by every later scan.
func PairID(a, b ID) ID {
	if string(a[:]) > string(b[:]) {
		a, b = b, a
	}
	h := sha256.New()
	h.Write([]byte("duplicate-pair"))
	h.Write(a[:])
	h.Write(b[:])
	var id ID
	copy(id[:], h.Sum(nil))
	return id
}

// MovedItem is a record a merge moved from one patient to the other.
type MovedItem struct {
	Kind Kind `json:"kind"`
	ID   ID   `json:"id"`
}

// Merge records a merge so that unmerge can undo it exactly.
type Merge struct {
	ID       ID `json:"id"`
	Survivor ID `json:"survivor"`
	Merged   ID `json:"merged"`
	// The revisions of both patients just before the merge.
	SurvivorRev uint32      `json:"survivorRev"`
	MergedRev   uint32      `json:"mergedRev"`
	Moved       []MovedItem `json:"moved,omitempty"`
	Reason      string      `json:"reason"`
	By          string      `json:"by"`
	At          time.Time   `json:"at"`
	Undone      bool        `json:"undone,omitempty"`
}
