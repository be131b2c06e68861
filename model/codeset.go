package model

import (
	"crypto/sha256"
	"strings"
	"time"
)

// CodeSet is a code set a clinic imported (a newer ICD-10-CM release,
// ICD-11, ICPC-2, a local list). Codes stored on records name their set's
// system and version, so installing a new release changes no old record.
type CodeSet struct {
	ID        ID        `json:"id"`
	Name      string    `json:"name"`    // "ICD-10-CM", "ICPC-2"
	Version   string    `json:"version"` // "2026"
	Format    string    `json:"format"`  // the import format it came from
	Codes     int       `json:"codes"`
	Installed time.Time `json:"installed"`
	// Data is the set in the coding engine's compressed line format.
	Data []byte `json:"data"`
}

// CodeSetID is the fixed record ID of a name and version, so importing the
// same release again replaces it (as a new revision) rather than adding a
// second copy.
func CodeSetID(name, version string) ID {
	h := sha256.Sum256([]byte("codeset\x00" + strings.ToUpper(strings.TrimSpace(name)) + "\x00" + strings.TrimSpace(version)))
	var id ID
	copy(id[:], h[:])
	return id
}
