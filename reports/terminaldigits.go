package reports

import (
	"strings"
)

// TerminalGroups is an MRN's number split for terminal-digit filing: file
// rooms shelve charts by the last two digits (Primary: one of 100
// sections), then the two before (Secondary), then the rest (Tertiary).
// Numbers handed out in sequence then spread evenly over the shelves, and a
// clerk compares two digits at a time instead of seven.
type TerminalGroups struct {
	Tertiary, Secondary, Primary string
}

// String is the filing order as clerks write it, e.g. "00 01 23".
func (g TerminalGroups) String() string { return g.Tertiary + " " + g.Secondary + " " + g.Primary }

// TerminalDigits splits the number of an MRN like KDH-0000123-K into
// tertiary "00", secondary "01", primary "23". The tertiary group is the
// leading digits as a number, at least two wide, so "000" and "00" both
// read "00". ok is false when the MRN has no digits.
func TerminalDigits(mrn string) (g TerminalGroups, ok bool) {
	num := mrnNumber(mrn)
	if num == "" {
		return TerminalGroups{}, false
	}
	if len(num) < 6 {
		num = strings.Repeat("0", 6-len(num)) + num
	}
	n := len(num)
	rest := strings.TrimLeft(num[:n-4], "0")
	if len(rest) < 2 {
		rest = strings.Repeat("0", 2-len(rest)) + rest
	}
	return TerminalGroups{Tertiary: rest, Secondary: num[n-4 : n-2], Primary: num[n-2:]}, true
}

// mrnNumber is the numeric part of an MRN: the middle of PREFIX-NUMBER-CHECK
// (the check character may itself be a digit, so it must not be counted),
// or for any other shape every digit in it.
func mrnNumber(mrn string) string {
	parts := strings.Split(strings.TrimSpace(mrn), "-")
	if len(parts) == 3 && parts[1] != "" && strings.Trim(parts[1], "0123456789") == "" {
		return parts[1]
	}
	var b strings.Builder
	for _, r := range mrn {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// digitColour is the colour of one digit's block and the text on it.
type digitColour struct {
	r, g, b   int
	whiteText bool // white on the dark colours, black on the light ones
}

// digitColours follows the numeric colour code of Smead's colour-coded
// filing labels, the scheme most file-room supplies use: 0 red, 1 grey,
// 2 dark blue, 3 orange, 4 purple, 5 brown, 6 pink, 7 light blue,
// 8 yellow, 9 light green. Mixing schemes in one room defeats the colour
// bands, so a clinic using another supplier's labels should check this
// table against their stock. Every pair keeps the digit readable for
// colour-blind staff too: the digit itself is always printed.
var digitColours = [10]digitColour{
	{200, 30, 35, true},    // 0 red
	{105, 105, 110, true},  // 1 grey
	{25, 55, 145, true},    // 2 dark blue
	{245, 135, 25, false},  // 3 orange
	{115, 45, 145, true},   // 4 purple
	{120, 70, 35, true},    // 5 brown
	{245, 150, 195, false}, // 6 pink
	{110, 185, 235, false}, // 7 light blue
	{250, 215, 40, false},  // 8 yellow
	{125, 200, 90, false},  // 9 light green
}
