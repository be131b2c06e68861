// Package backupfile is the file format of a Dossier backup: a head, the
// store's bytes, the manifest and a trailer. It knows nothing of bbolt.
package backupfile

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"dossier/model"
)

// A backup file is: HeadMagic, the store's bytes exactly as bbolt wrote them
// (still encrypted), the manifest as JSON, then a fixed trailer
// dbSize(8) manifestLen(4) TailMagic. The trailer comes last so the copy can
// stream while its checksum is computed; a cut-off file has no trailer.
var (
	HeadMagic = []byte("DOSSIER-BACKUP/1\n")
	TailMagic = []byte("\nDOSSIER-END/1\n")
)

const trailerLen = 8 + 4 + 15

// Manifest describes a backup.
type Manifest struct {
	Format     int                `json:"format"`
	Created    time.Time          `json:"created"`
	AppVersion string             `json:"appVersion"`
	Schema     uint32             `json:"schema"`
	ClinicID   string             `json:"clinicId"`
	Size       int64              `json:"size"`
	SHA256     string             `json:"sha256"`
	Counts     map[model.Kind]int `json:"counts"`
	By         string             `json:"by"`
	// The audit chain's head in the copy (its last entry's number and
	// MAC), and the Ed25519 signature of the user who made the backup
	// (Signer: their user ID; all zeros for the recovery key) over
	// SignedBytes. Absent in backups made before signing keys.
	AuditSeq uint64 `json:"auditSeq,omitempty"`
	AuditMAC []byte `json:"auditMac,omitempty"`
	Signer   string `json:"signer,omitempty"`
	Sig      []byte `json:"sig,omitempty"`
}

// SignedBytes is what a manifest's signature covers: the manifest as JSON
// without its signature.
func (m Manifest) SignedBytes() []byte {
	m.Sig = nil
	b, _ := json.Marshal(m)
	return append([]byte("dossier-manifest/1\x00"), b...)
}

// HeadLen is the length of the head before the store's bytes.
var HeadLen = int64(len(HeadMagic))

// WriteHead writes the head of a backup.
func WriteHead(w io.Writer) error {
	_, err := w.Write(HeadMagic)
	return err
}

// WriteTrailer writes the manifest and the trailer after man.Size bytes of
// store.
func WriteTrailer(w io.Writer, man Manifest) error {
	mj, _ := json.Marshal(man)
	tr := make([]byte, 0, len(mj)+trailerLen)
	tr = append(tr, mj...)
	tr = binary.BigEndian.AppendUint64(tr, uint64(man.Size))
	tr = binary.BigEndian.AppendUint32(tr, uint32(len(mj)))
	tr = append(tr, TailMagic...)
	_, err := w.Write(tr)
	return err
}

// ErrBad covers every way a file can fail to be a whole backup.
var ErrBad = &model.Error{Code: model.Damaged, Message: "this file is not a complete Dossier backup"}

// ReadLayout checks the frame of a backup and returns its manifest.
// It reads only the head and the trailer; it is fuzzed.
func ReadLayout(r io.ReaderAt, size int64) (Manifest, error) {
	var man Manifest
	if size < int64(len(HeadMagic)+trailerLen) {
		return man, fmt.Errorf("%w (too short: truncated?)", ErrBad)
	}
	hm := make([]byte, len(HeadMagic))
	if _, err := r.ReadAt(hm, 0); err != nil || !bytes.Equal(hm, HeadMagic) {
		return man, fmt.Errorf("%w (it does not start like one)", ErrBad)
	}
	tr := make([]byte, trailerLen)
	if _, err := r.ReadAt(tr, size-trailerLen); err != nil || !bytes.Equal(tr[12:], TailMagic) {
		return man, fmt.Errorf("%w (its end is missing: the copy was cut short)", ErrBad)
	}
	dbSize := int64(binary.BigEndian.Uint64(tr[:8]))
	mlen := int64(binary.BigEndian.Uint32(tr[8:12]))
	if dbSize < 0 || mlen < 0 || mlen > 1<<20 || int64(len(HeadMagic))+dbSize+mlen+trailerLen != size {
		return man, fmt.Errorf("%w (its parts do not add up: truncated or altered)", ErrBad)
	}
	mj := make([]byte, mlen)
	if _, err := r.ReadAt(mj, size-trailerLen-mlen); err != nil {
		return man, fmt.Errorf("%w (%v)", ErrBad, err)
	}
	if err := json.Unmarshal(mj, &man); err != nil || man.Size != dbSize || len(man.SHA256) != 64 {
		return man, fmt.Errorf("%w (its manifest is damaged)", ErrBad)
	}
	return man, nil
}
