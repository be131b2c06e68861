// Package packet makes the files of a release of information: the packet of
// records sent to an authorized requester (cover letter, contents, the
// records themselves, every page Bates-numbered, optionally AES-256
// encrypted) and the per-patient accounting of disclosures that proves later
// what left the clinic, when, to whom and why.
//
// It works on plain input structs and never touches storage: the caller
// decrypts scanned pages one at a time through ScannedPage.Open.
package packet

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"io"
	"time"

	"dossier/model/clinical"
	"dossier/reports/printed"
)

// Letterhead is the clinic's name and contact details.
type Letterhead struct{ Clinic, Address, Phone string }

// PatientLine identifies the patient whose records are released.
type PatientLine struct{ Name, MRN, Born string }

// Release is one release of information.
type Release struct {
	Letterhead       Letterhead
	RequestNo        string // e.g. "ROI-2026-0042"
	Recipient        string // name
	RecipientAddress string
	Purpose          string // e.g. "continuing care", "insurance claim"
	Date             time.Time
	ReleasedBy       string // full name of the releasing officer
	Patient          PatientLine
	// BatesPrefix and BatesStart number the pages: prefix + 6-digit
	// sequence, the first page BatesStart (0 means 1).
	BatesPrefix string // e.g. "KDH-ROI42-"
	BatesStart  int
	// Watermark, when set, is drawn diagonally and lightly on every page.
	Watermark string // e.g. "COPY — CONFIDENTIAL"
	// Password, when set, encrypts the finished PDF with AES-256 (pdfcpu,
	// security handler revision 6) under a random owner password.
	Password string
	Items    []Item // in order
	// Authority is the cover letter's line on what allows the release:
	// "Authorization signed by X on D (expires E)" or "Exemption: court order …".
	Authority string
	// ToPatient words the cover letter for the patient (or their legal
	// representative) receiving their own records: no warning against
	// passing on what is theirs.
	ToPatient bool
	// Words are the printed words in the clinic's language (printed.For),
	// DateOrder its calendar for the letter's date; zero values: English,
	// Gregorian.
	Words     printed.Words
	DateOrder clinical.DateOrder
}

// Item is one record in the packet: exactly one of Typed or Scanned.
type Item struct {
	Title   string // contents line, e.g. "Discharge summary, 2016-03-02"
	Typed   *TypedRecord
	Scanned *ScannedDoc
}

// TypedRecord is a record held as data, rendered as a readable document.
type TypedRecord struct {
	Heading string
	Fields  [][2]string // label, value
	Text    string      // narrative; may be long, wraps across pages
	// Omit lists passages that must not appear: each is replaced with
	// "[redacted]" wherever it occurs in this item (title, heading, field
	// labels and values, narrative), ignoring letter case and treating any
	// run of white space, line breaks included, as one space.
	Omit []string
}

// ScannedDoc is a scanned paper document, one image per page.
type ScannedDoc struct{ Pages []ScannedPage }

// ScannedPage is one scanned page.
type ScannedPage struct {
	// Open decodes the page. It is called once, while the page is prepared,
	// and the image is dropped straight after, so memory stays bounded. It
	// may be called from another goroutine than Build's, at most a few pages
	// ahead of the page being placed.
	Open     func() (image.Image, error)
	Rotation int // clockwise degrees to apply: 0, 90, 180, 270
	// WidthMM × HeightMM is the physical size (from the scan's DPI), as
	// stored or as rotated; 0 → fit the page keeping the aspect ratio. The
	// image is printed at this size when it fits within the margins (never
	// larger), otherwise shrunk to fit; always centred.
	WidthMM, HeightMM float64
	// Redact lists boxes in the image's pixel coordinates after rotation.
	// They are filled solid black in the bitmap before it is embedded, so
	// the original pixels are not in the file.
	Redact []Rect
	Source string // e.g. "box1.pdf p3", printed small in the margin
}

// Rect is a box in pixels.
type Rect struct{ X, Y, W, H int }

// Result describes the packet written.
type Result struct {
	Pages                 int
	BatesFirst, BatesLast string
	SHA256                string // hex of the exact bytes written
	Bytes                 int64
}

// Build writes the packet to w: a cover letter on the clinic's letterhead,
// a contents page, then each item, every page headed with the release and
// footed with "Page X of Y" and its Bates number. progress(done, total
// pages) may be nil. When ctx is cancelled Build returns ctx.Err(); when a
// scanned page cannot be opened it returns an error naming the page's
// Source. Either way anything already written to w is incomplete and must
// be discarded (Build writes only once the whole packet is laid out, so
// usually nothing has been written).
func Build(ctx context.Context, w io.Writer, r Release, progress func(done, total int)) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	rel, err := prepareRelease(r)
	if err != nil {
		return Result{}, err
	}

	// Scanned pages are decoded and compressed in the background while the
	// text is laid out.
	var scans []ScannedPage
	for _, it := range rel.items {
		scans = append(scans, it.scans...)
	}
	pipe := startScans(ctx, scans)
	defer pipe.stop()

	// Dry runs: lay everything out without images until the page counts
	// (which the cover letter and contents quote) stop changing.
	pl := rel.guess()
	for i := 0; ; i++ {
		got, _, err := render(ctx, rel, pl, nil, nil, nil)
		if err != nil {
			return Result{}, err
		}
		if got.equal(pl) {
			break
		}
		if i == 5 {
			return Result{}, errors.New("packet: the page count does not settle")
		}
		pl = got
	}

	im, err := newImages(len(scans))
	if err != nil {
		return Result{}, err
	}
	got, pdf, err := render(ctx, rel, pl, pipe, im, progress)
	if err != nil {
		return Result{}, err
	}
	if !got.equal(pl) {
		return Result{}, fmt.Errorf("packet: layout changed between passes (%v, then %v)", pl, got)
	}
	collectIfNeeded()
	var doc bytes.Buffer
	if err := pdf.Output(&doc); err != nil {
		return Result{}, fmt.Errorf("packet: make the PDF: %w", err)
	}
	collectIfNeeded()
	if rel.Password != "" {
		if err := relabelPDF20(doc.Bytes()); err != nil {
			return Result{}, fmt.Errorf("packet: %w", err)
		}
	}
	segs, err := im.assemble(doc.Bytes(), rel.Password == "")
	if err != nil {
		return Result{}, fmt.Errorf("packet: assemble the PDF: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	collectIfNeeded()

	total := pl.total()
	res := Result{Pages: total, BatesFirst: rel.bates(1), BatesLast: rel.bates(total)}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(w, h)}
	if rel.Password == "" {
		if _, err := newSegments(segs).writeAll(cw); err != nil {
			return Result{}, fmt.Errorf("packet: write the PDF: %w", err)
		}
	} else if err := encrypt(newSegments(segs), im, cw, rel.Password); err != nil {
		// The plaintext never leaves memory: the encryptor reads the
		// document with placeholders and shares the page images.
		return Result{}, fmt.Errorf("packet: encrypt: %w", err)
	}
	if progress != nil {
		progress(total, total)
	}
	res.SHA256 = hex.EncodeToString(h.Sum(nil))
	res.Bytes = cw.n
	return res, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
