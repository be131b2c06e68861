package coding

import (
	"sort"
	"strings"
)

// AxisChoice is one value of the next character of an ICD-10-PCS code
// being built from its table: "0DTJ" + "4" (Approach: Percutaneous
// Endoscopic).
type AxisChoice struct {
	Prefix string // the code so far with this character: "0DTJ4"
	Axis   Axis   // position, axis title, character and its meaning
	Codes  int    // valid codes below
	Code   string // the complete code, once Prefix has seven characters
}

// NextAxis lists the values the next character may take after prefix (at
// least the table's three characters), among the valid codes of the
// installed ICD-10-PCS release, in character order. The PCS Index gives a
// table ("0DT") or a table and body part ("0DTJ"); the coder chooses the
// remaining axes one at a time.
func (s *Set) NextAxis(prefix string) []AxisChoice {
	prefix = Compact(prefix)
	if len(prefix) < 3 || len(prefix) >= 7 || len(s.pcsAxes) == 0 {
		return nil
	}
	t, ok := s.find(prefix[:3])
	if !ok {
		return nil
	}
	pos := len(prefix) // 0-based index of the next character
	byChar := map[byte]*AxisChoice{}
	for e := t + 1; int(e) < len(s.entries) && strings.HasPrefix(s.entries[e].code, prefix[:3]); e++ {
		code := s.entries[e].code
		if len(code) != 7 || !strings.HasPrefix(code, prefix) || int(e) >= len(s.pcsAxes) || s.pcsAxes[e][0] < 0 {
			continue
		}
		c := code[pos]
		ch, seen := byChar[c]
		if !seen {
			ch = &AxisChoice{Prefix: prefix + string(c), Axis: s.axisVals[s.pcsAxes[e][pos]]}
			byChar[c] = ch
		}
		ch.Codes++
		if pos == 6 {
			ch.Code = code
		}
	}
	out := make([]AxisChoice, 0, len(byChar))
	for _, c := range byChar {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Prefix < out[j].Prefix })
	return out
}
