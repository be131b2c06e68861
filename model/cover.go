package model

import (
	"errors"
	"fmt"
	"strings"
)

// CoverPrefix starts the barcode payload of a Dossier cover sheet. The
// version lets later sheets carry more without misreading old ones.
const CoverPrefix = "DOSSIER-COVER/1"

// Cover is what a printed separator sheet says about the pages after it.
type Cover struct {
	MRN  string
	Type DocType
	Date Date
}

// Payload is the text encoded in the sheet's barcode.
func (c Cover) Payload() string {
	return strings.Join([]string{CoverPrefix, c.MRN, string(c.Type), c.Date.String()}, "|")
}

// ParseCover reads a barcode payload. ok is false for any barcode that is
// not a Dossier cover sheet (a page may carry other barcodes); err is set
// when it claims to be one but is damaged.
func ParseCover(s string) (c Cover, ok bool, err error) {
	parts := strings.Split(strings.TrimSpace(s), "|")
	if len(parts) == 0 || parts[0] != CoverPrefix {
		return Cover{}, false, nil
	}
	if len(parts) != 4 {
		return Cover{}, true, errors.New("the cover sheet barcode is incomplete")
	}
	mrn, err := CheckMRN(parts[1])
	if err != nil {
		return Cover{}, true, fmt.Errorf("the cover sheet MRN is not valid: %w", err)
	}
	t := DocType(parts[2])
	if !t.Valid() {
		return Cover{}, true, fmt.Errorf("the cover sheet names an unknown document type %q", parts[2])
	}
	d, err := ParseISODate(parts[3])
	if err != nil {
		return Cover{}, true, fmt.Errorf("the cover sheet date: %w", err)
	}
	return Cover{MRN: mrn, Type: t, Date: d}, true, nil
}
