package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DocType is the kind of paper document a range of scanned pages is.
// Stored: append-only.
type DocType string

const (
	DocAdmission DocType = "admission"
	DocDischarge DocType = "discharge"
	DocCaseNote  DocType = "case-note"
	DocLab       DocType = "lab"
	DocImaging   DocType = "imaging"
	DocReferral  DocType = "referral"
	DocConsent   DocType = "consent"
	DocNursing   DocType = "nursing"
	DocOther     DocType = "other"
	// Added for chart completion (completeness rules look for them).
	DocOperation DocType = "operation-note"
	DocDeath     DocType = "death-note"
)

// DocTypes lists document types in the order forms offer them.
var DocTypes = []DocType{DocAdmission, DocDischarge, DocCaseNote, DocLab, DocImaging,
	DocReferral, DocConsent, DocNursing, DocOperation, DocDeath, DocOther}

var docTypeLabels = map[DocType]string{
	DocAdmission: "Admission form", DocDischarge: "Discharge summary", DocCaseNote: "Case note",
	DocLab: "Lab result", DocImaging: "Imaging report", DocReferral: "Referral",
	DocConsent: "Consent or authorization", DocNursing: "Nursing notes", DocOther: "Other",
	DocOperation: "Operation note", DocDeath: "Death note",
}

// Label is the name clerks see.
func (t DocType) Label() string {
	if l, ok := docTypeLabels[t]; ok {
		return l
	}
	return string(t)
}

// Valid reports a known document type.
func (t DocType) Valid() bool { _, ok := docTypeLabels[t]; return ok }

// DocTypeByLabel finds a type from its label (forms show labels).
func DocTypeByLabel(label string) (DocType, bool) {
	for t, l := range docTypeLabels {
		if l == label {
			return t, true
		}
	}
	return "", false
}

// DocTypeLabels returns the labels in DocTypes order.
func DocTypeLabels() []string {
	out := make([]string, len(DocTypes))
	for i, t := range DocTypes {
		out[i] = t.Label()
	}
	return out
}

// Document is an indexed paper document: an ordered run of scanned pages
// filed to a patient (and optionally an encounter) with its type and date.
type Document struct {
	ID          ID      `json:"id"`
	PatientID   ID      `json:"patient"`
	EncounterID ID      `json:"encounter,omitempty"`
	Type        DocType `json:"type"`
	Date        Date    `json:"date"`
	Title       string  `json:"title,omitempty"`
	Pages       []ID    `json:"pages"`
	BatchID     ID      `json:"batch,omitempty"`
	// Sensitive flags what needs explicit consent before release, for
	// documents whose codes do not say it (a counselling note, a test).
	Sensitive []Sensitive `json:"sensitive,omitempty"`
	IndexedBy string      `json:"indexedBy"`
	IndexedAt time.Time   `json:"indexedAt"`
}

// Validate checks a document before it is filed.
func (d Document) Validate(today time.Time) error {
	switch {
	case d.PatientID.IsZero():
		return errors.New("choose the patient this document belongs to")
	case !d.Type.Valid():
		return errors.New("choose the document type")
	case d.Date.IsZero():
		return errors.New("enter the date written on the document")
	case d.Date.Time().After(today):
		return fmt.Errorf("the document date %s is in the future", d.Date)
	case len(d.Pages) == 0:
		return errors.New("a document needs at least one page")
	}
	seen := map[ID]bool{}
	for _, p := range d.Pages {
		if seen[p] {
			return errors.New("a page appears twice in the document")
		}
		seen[p] = true
	}
	return nil
}

// BlobRef names an immutable encrypted blob (an image) and its size.
type BlobRef struct {
	ID   ID  `json:"id"`
	Size int `json:"size"`
}

// Page is one scanned page. Its images are stored once and never change;
// rotation and placement are edits of this small record.
type Page struct {
	ID         ID        `json:"id"`
	PatientID  ID        `json:"patient,omitempty"`  // zero while unfiled
	DocumentID ID        `json:"document,omitempty"` // zero while unfiled
	BatchID    ID        `json:"batch,omitempty"`
	Source     string    `json:"source"` // file name and page number it came from
	Format     string    `json:"format"` // "jpeg" or "png": the original's encoding
	Width      int       `json:"w"`
	Height     int       `json:"h"`
	DPI        int       `json:"dpi,omitempty"`
	Original   BlobRef   `json:"original"`
	Display    BlobRef   `json:"display"` // reduced JPEG for viewing
	Thumb      BlobRef   `json:"thumb"`
	Rotation   int       `json:"rot,omitempty"` // clockwise degrees: 0, 90, 180, 270
	Ink        float64   `json:"ink"`           // share of dark pixels
	Blank      bool      `json:"blank,omitempty"`
	Imported   time.Time `json:"imported"`
	ImportedBy string    `json:"importedBy"`
}

// Filed reports a page that belongs to a document.
func (p Page) Filed() bool { return !p.DocumentID.IsZero() }

// Rotate turns the page by quarter turns (negative: anticlockwise).
func (p *Page) Rotate(quarterTurns int) {
	p.Rotation = ((p.Rotation+quarterTurns*90)%360 + 360) % 360
}

// ParsePageRanges reads what a clerk types to pick pages, "3", "1-4",
// "1-3, 7, 9-10", as zero-based positions among n pages, in the order
// typed. Pages are numbered from 1 as the screen shows them.
func ParsePageRanges(s string, n int) ([]int, error) {
	var out []int
	seen := map[int]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to, isRange := strings.Cut(part, "-")
		a, errA := strconv.Atoi(strings.TrimSpace(from))
		b, errB := a, error(nil)
		if isRange {
			b, errB = strconv.Atoi(strings.TrimSpace(to))
		}
		if errA != nil || errB != nil {
			return nil, fmt.Errorf("%q is not a page number or range like 3-7", part)
		}
		if a < 1 || b > n || a > b {
			return nil, fmt.Errorf("pages %q: there are pages 1 to %d", part, n)
		}
		for i := a; i <= b; i++ {
			if seen[i] {
				return nil, fmt.Errorf("page %d is listed twice", i)
			}
			seen[i] = true
			out = append(out, i-1)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("enter the pages to file, for example 1-4")
	}
	return out, nil
}
