package model

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MRN alphabet: digits and upper-case letters without I, O, Q, which clerks
// confuse with 1 and 0. Luhn mod N over this alphabet catches every single
// mistyped character and most swaps of neighbours.
const mrnAlphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"

// Errors a clerk can get from a typed MRN.
var (
	ErrMRNFormat   = errors.New("an MRN looks like ABC-0001234-K: clinic prefix, number, check character")
	ErrMRNCheck    = errors.New("this MRN is not valid: a character is mistyped (the check character does not match)")
	ErrPrefixShape = errors.New("a clinic prefix is 2 to 5 letters or digits")
)

func mrnValue(r rune) int { return strings.IndexRune(mrnAlphabet, r) }

// luhnCheck computes the Luhn mod N check character for s.
func luhnCheck(s string) (byte, error) {
	n := len(mrnAlphabet)
	factor, sum := 2, 0
	for i := len(s) - 1; i >= 0; i-- {
		v := mrnValue(rune(s[i]))
		if v < 0 {
			return 0, ErrMRNFormat
		}
		add := factor * v
		factor = 3 - factor
		sum += add/n + add%n
	}
	return mrnAlphabet[(n-sum%n)%n], nil
}

// ValidPrefix checks a clinic's MRN prefix.
func ValidPrefix(p string) error {
	if len(p) < 2 || len(p) > 5 {
		return ErrPrefixShape
	}
	for _, r := range p {
		if mrnValue(r) < 0 {
			return ErrPrefixShape
		}
	}
	return nil
}

// FormatMRN builds the MRN for the clinic prefix and sequence number. The
// check character covers prefix and number, so numbers stay unique and
// checkable when clinics later share records.
func FormatMRN(prefix string, seq uint64) string {
	num := fmt.Sprintf("%07d", seq)
	c, err := luhnCheck(prefix + num)
	if err != nil {
		panic("model: FormatMRN with invalid prefix " + prefix)
	}
	return prefix + "-" + num + "-" + string(c)
}

// NormalizeMRN upper-cases, drops spaces and fixes O→0, I→1 so that what a
// clerk reads off a folder can be typed as seen.
func NormalizeMRN(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.NewReplacer(" ", "", "O", "0", "I", "1", "Q", "0").Replace(s)
	return s
}

// CheckMRN validates a typed MRN: ErrMRNFormat when it does not have the
// shape of an MRN, ErrMRNCheck when its check character does not match.
func CheckMRN(s string) (string, error) {
	s = NormalizeMRN(s)
	parts := strings.Split(s, "-")
	if len(parts) != 3 || ValidPrefix(parts[0]) != nil || len(parts[1]) < 1 || len(parts[2]) != 1 ||
		mrnValue(rune(parts[2][0])) < 0 {
		return s, ErrMRNFormat
	}
	for _, r := range parts[1] {
		if r < '0' || r > '9' {
			return s, ErrMRNFormat
		}
	}
	c, err := luhnCheck(parts[0] + parts[1])
	if err != nil {
		return s, ErrMRNFormat
	}
	if c != parts[2][0] {
		return s, ErrMRNCheck
	}
	return s, nil
}

// MRNNumber is the sequence number of a valid MRN (its check character
// matching); ok is false for anything else.
func MRNNumber(s string) (n uint64, ok bool) {
	s, err := CheckMRN(s)
	if err != nil {
		return 0, false
	}
	n, err = strconv.ParseUint(strings.Split(s, "-")[1], 10, 64)
	return n, err == nil
}

// LooksLikeMRN reports whether a search text is meant as an MRN.
func LooksLikeMRN(s string) bool {
	s = NormalizeMRN(s)
	return strings.Count(s, "-") == 2 && len(s) >= 6
}
