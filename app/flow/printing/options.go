package printing

import (
	"fmt"
	"strconv"
	"strings"

	"dossier/model"
)

// MaxPrintCopies keeps a slip of the keyboard from printing a ream.
const MaxPrintCopies = 50

// Printer is one print queue the system offers.
type Printer struct {
	Name    string
	Default bool
}

// PrintOptions is what the clerk chose for one print.
type PrintOptions struct {
	Printer string
	Copies  int
	// Pages is a page range as people write it, "1-3,5"; empty for all.
	Pages string
}

// checked validates the options against a document of n pages and
// returns them tidied (spaces removed, one copy by default).
func (o PrintOptions) checked(n int) (PrintOptions, error) {
	o.Printer = strings.TrimSpace(o.Printer)
	if o.Printer == "" {
		return o, model.Errorf(model.Invalid, "choose a printer")
	}
	if o.Copies == 0 {
		o.Copies = 1
	}
	if o.Copies < 1 || o.Copies > MaxPrintCopies {
		return o, model.Errorf(model.Invalid, "print from 1 to %d copies", MaxPrintCopies)
	}
	pages, err := ParsePages(o.Pages, n)
	if err != nil {
		return o, err
	}
	o.Pages = pages
	return o, nil
}

// describe is the audit entry's note of where the print went.
func (o PrintOptions) describe() string {
	s := fmt.Sprintf("printed on %s", o.Printer)
	if o.Copies > 1 {
		s += fmt.Sprintf(" ×%d", o.Copies)
	}
	if o.Pages != "" {
		s += ", pages " + o.Pages
	}
	return s
}

// ParsePages reads a page range such as "1-3, 5" for a document of n
// pages and returns it in the spooler's form ("1-3,5"); empty means every
// page. Pages past the end, backwards ranges and anything else are refused
// with a message saying what is allowed.
func ParsePages(s string, n int) (string, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" || strings.EqualFold(s, "all") {
		return "", nil
	}
	bad := func() (string, error) {
		return "", model.Errorf(model.Invalid, "type pages as 1-3,5 (the document has %s)", pagesOf(n))
	}
	var parts []string
	for _, part := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(from)
		if err != nil {
			return bad()
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(to); err != nil {
				return bad()
			}
		}
		if a < 1 || b < a || b > n {
			return bad()
		}
		if a == b {
			parts = append(parts, strconv.Itoa(a))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", a, b))
		}
	}
	return strings.Join(parts, ","), nil
}

func pagesOf(n int) string {
	if n == 1 {
		return "1 page"
	}
	return fmt.Sprintf("%d pages", n)
}
