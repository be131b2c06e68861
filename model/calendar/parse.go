package calendar

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// ErrOtherEra is returned by Parse for a date marked as written in the
// Gregorian calendar ("12/03/2024 GC", "… እ.ኤ.አ"): the caller reads it
// again as a Gregorian date.
var ErrOtherEra = errors.New("this date is marked as Gregorian")

// maxInput bounds what Parse reads: a pasted paragraph fails fast.
const maxInput = 80

// Parse reads a date written in c:
//
//	03/07/2016  3.7.2016  3-7-16   all numbers, in the clinic's order
//	2016-07-03                     a four-digit year first, whatever the order
//	3 Megabit 2016  መጋቢት 3 2016   the month by name, Latin or own script
//	… EC  … ዓ.ም.                   the era written after the date
//
// order is "DMY", "MDY" or "YMD" (anything else is DMY). Two-digit years
// up to thisYear's plus one are this century, the others the last, as for
// Gregorian dates. A date marked Gregorian ("GC", "እ.ኤ.አ") is ErrOtherEra.
func Parse(c Calendar, s, order string, thisYear int) (Date, error) {
	in := strings.Join(strings.Fields(s), " ")
	if in == "" {
		return Date{}, errors.New("enter a date")
	}
	if len(in) > maxInput {
		return Date{}, errors.New("that is too long to be a date")
	}
	toks := tokenize(strings.ToLower(in))
	toks, gregorianEra := dropEra(toks)
	if gregorianEra {
		return Date{}, ErrOtherEra
	}
	names := monthIndex(c)
	var nums []string
	month := 0
	for _, t := range toks {
		switch {
		case isDigits(t):
			nums = append(nums, t)
		case names[t] != 0:
			if month != 0 {
				return Date{}, fmt.Errorf("%s: there are two months in this date", in)
			}
			month = names[t]
		default:
			return Date{}, fmt.Errorf("%q is not a date; write it like %s", in, example(c, order))
		}
	}
	if month != 0 {
		switch {
		case len(nums) == 2 && len(nums[0]) >= 3:
			return build(c, in, nums[0], strconv.Itoa(month), nums[1], order, thisYear)
		case len(nums) == 2:
			return build(c, in, nums[1], strconv.Itoa(month), nums[0], order, thisYear)
		case len(nums) == 1:
			return Date{}, fmt.Errorf("%s: add the year", in)
		}
		return Date{}, fmt.Errorf("%q is not a date; write it like %s", in, example(c, order))
	}
	if len(nums) != 3 {
		return Date{}, fmt.Errorf("%q is not a date; write it like %s", in, example(c, order))
	}
	a, b, cc := nums[0], nums[1], nums[2]
	switch {
	case len(a) >= 3 || order == "YMD":
		return build(c, in, a, b, cc, order, thisYear)
	case order == "MDY":
		return build(c, in, cc, a, b, order, thisYear)
	}
	return build(c, in, cc, b, a, order, thisYear)
}

// build checks and makes the date from its digit strings.
func build(c Calendar, in, ys, ms, ds, order string, thisYear int) (Date, error) {
	if len(ms) > 2 || len(ds) > 2 {
		return Date{}, fmt.Errorf("%q is not a date; write it like %s", in, example(c, order))
	}
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	switch len(ys) {
	case 2:
		century := thisYear / 100 * 100
		if y <= thisYear%100+1 {
			y += century
		} else {
			y += century - 100
		}
	case 4:
	default:
		return Date{}, fmt.Errorf("%s: write the year with 2 or 4 digits", in)
	}
	if y < 1 {
		return Date{}, fmt.Errorf("%s: %d is not a year", in, y)
	}
	if n := c.MonthsIn(y); m < 1 || m > n {
		return Date{}, fmt.Errorf("%s: %d is not a month (there are %d)", in, m, n)
	}
	if n := c.DaysIn(y, m); d < 1 || d > n {
		return Date{}, fmt.Errorf("%s: %s %d has %d days", in, MonthName(c, m, false), y, n)
	}
	return Date{y, m, d}, nil
}

// example is a date written in c and the order, for error messages.
func example(c Calendar, order string) string {
	d := Date{2016, 7, 3}
	if c.ID() == Gregorian.ID() {
		d = Date{2024, 3, 12}
	}
	return Format(d, order) + " or " + Long(c, d, false)
}

// monthIndex maps every spelling of c's months, lower-cased, to its number.
func monthIndex(c Calendar) map[string]int {
	latin, native := c.MonthNames()
	idx := map[string]int{}
	for i, n := range latin {
		idx[strings.ToLower(n)] = i + 1
	}
	for i, n := range native {
		idx[n] = i + 1
	}
	for k, v := range c.Aliases() {
		idx[k] = v
	}
	return idx
}

// Era markers: Ethiopian (ዓ.ም., "EC") or Gregorian (እ.ኤ.አ., "GC", "AD").
var (
	ownEra   = [][]string{{"ec"}, {"e", "c"}, {"ዓ", "ም"}, {"ዓም"}}
	otherEra = [][]string{{"gc"}, {"g", "c"}, {"እ", "ኤ", "አ"}, {"እኤአ"}}
)

// dropEra removes an era marker at the end of the tokens.
func dropEra(toks []string) (rest []string, gregorian bool) {
	for _, m := range ownEra {
		if hasSuffix(toks, m) {
			return toks[:len(toks)-len(m)], false
		}
	}
	for _, m := range otherEra {
		if hasSuffix(toks, m) {
			return toks[:len(toks)-len(m)], true
		}
	}
	return toks, false
}

func hasSuffix(toks, end []string) bool {
	if len(toks) < len(end) {
		return false
	}
	for i, e := range end {
		if toks[len(toks)-len(end)+i] != e {
			return false
		}
	}
	return true
}

// tokenize splits lowercased text into runs of ASCII digits and runs of
// letters (any script), dropping separators: spaces, / . - , and the
// Ethiopic word space and full stop. Anything else stands alone.
func tokenize(s string) []string {
	var out []string
	var cur []rune
	kind := 0 // 1 digits, 2 letters
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
		}
		cur, kind = cur[:0], 0
	}
	for _, r := range s {
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			k = 2
		case r == '/' || r == '.' || r == '-' || r == ',' || r == ' ' || r == '፡' || r == '።' || r == '፣':
		default:
			flush()
			out = append(out, string(r))
			continue
		}
		if k != kind {
			flush()
			kind = k
		}
		if k != 0 {
			cur = append(cur, r)
		}
	}
	flush()
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
