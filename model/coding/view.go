package coding

import "strings"

// Len is the number of codes, headers included.
func (s *Set) Len() int { return len(s.entries) }

// Lookup finds a code in any spelling ("e11.22", "E1122").
func (s *Set) Lookup(code string) (Code, bool) {
	i, ok := s.find(Compact(code))
	if !ok {
		return Code{}, false
	}
	return s.code(i), true
}

// Children lists the codes one level below a header, in code order.
func (s *Set) Children(code string) []Code {
	i, ok := s.find(Compact(code))
	if !ok {
		return nil
	}
	var out []Code
	for c := i + 1; int(c) < len(s.entries) && strings.HasPrefix(s.entries[c].code, s.entries[i].code); c++ {
		if s.entries[c].parent == i {
			out = append(out, s.code(c))
		}
	}
	return out
}

// Codes calls fn for every code in the set, in file order, until it
// returns false (exports, reports).
func (s *Set) Codes(fn func(Code) bool) {
	for i := range s.entries {
		if !fn(s.code(int32(i))) {
			return
		}
	}
}

func (s *Set) title(i int32) string {
	e := &s.entries[i]
	if e.title != "" || int(i) >= len(s.pcsAxes) || s.pcsAxes[i][0] < 0 {
		return e.title
	}
	parts := make([]string, 7)
	for k, a := range s.pcsAxes[i] {
		parts[k] = s.axisVals[a].Label
	}
	return strings.Join(parts, ", ")
}

// code builds the public view of entry i.
func (s *Set) code(i int32) Code {
	e := &s.entries[i]
	c := Code{System: s.System, Code: Printed(s.System.Name, e.code), Title: s.title(i), Billable: e.billable}
	if e.chapter >= 0 {
		ch := s.chapters[e.chapter]
		c.Chapter = Heading{Code: ch.name, Title: ch.title}
	}
	if e.block >= 0 {
		b := s.blocks[e.block]
		c.Block = Heading{Code: b.name, Title: b.title}
	}
	for a := i; a >= 0; a = s.entries[a].parent {
		if s.entries[a].parent < 0 {
			c.Category = Heading{Code: Printed(s.System.Name, s.entries[a].code), Title: s.title(a)}
		}
	}
	if d := s.seventhDefiner(i); d >= 0 {
		c.SeventhChars = map[string]string{}
		for _, x := range s.sevenths[d] {
			c.SeventhChars[x.Char] = x.Meaning
		}
	}
	c.Notes = s.notesFor(i)
	if int(i) < len(s.pcsAxes) && s.pcsAxes[i][0] >= 0 {
		for _, a := range s.pcsAxes[i] {
			c.Axes = append(c.Axes, s.axisVals[a])
		}
	}
	return c
}

// seventhDefiner is the nearest entry at or above i that defines 7th
// characters, or -1.
func (s *Set) seventhDefiner(i int32) int32 {
	for a := i; a >= 0; a = s.entries[a].parent {
		if _, ok := s.sevenths[a]; ok {
			return a
		}
	}
	return -1
}

// notesFor gathers the notes that apply to entry i: its inclusion terms,
// and every other kind from it, its ancestors, its block and its chapter.
func (s *Set) notesFor(i int32) Notes {
	// Two passes: count each kind, then fill lists made at their length.
	// A hit list builds sixty views a keystroke, and chapters carry long
	// lists: growing them by appending was most of a keystroke's garbage.
	var count [128]int
	walk := func(put func(from func() string, rn []rawNote, own bool)) {
		for a := i; a >= 0; a = s.entries[a].parent {
			put(func() string { return Printed(s.System.Name, s.entries[a].code) }, s.notes[a], a == i)
		}
		e := &s.entries[i]
		if e.block >= 0 {
			put(func() string { return s.blocks[e.block].name }, s.blocks[e.block].notes, false)
		}
		if e.chapter >= 0 {
			put(func() string { return "Chapter " + s.chapters[e.chapter].name }, s.chapters[e.chapter].notes, false)
		}
	}
	walk(func(_ func() string, rn []rawNote, own bool) {
		for _, x := range rn {
			if x.kind != 'i' || own {
				count[x.kind&127]++
			}
		}
	})
	var n Notes
	lists := [...]struct {
		kind byte
		list *[]Note
	}{{'i', &n.Inclusion}, {'n', &n.Includes}, {'1', &n.Excludes1}, {'2', &n.Excludes2},
		{'f', &n.CodeFirst}, {'u', &n.UseAdditional}, {'a', &n.CodeAlso}}
	var byKind [128]*[]Note
	for _, l := range lists {
		if c := count[l.kind]; c > 0 {
			*l.list = make([]Note, 0, c)
		}
		byKind[l.kind] = l.list
	}
	walk(func(from func() string, rn []rawNote, own bool) {
		name := ""
		for _, x := range rn {
			l := byKind[x.kind&127]
			if l == nil || x.kind == 'i' && !own {
				continue
			}
			if name == "" {
				name = from()
			}
			*l = append(*l, Note{Text: x.text, From: name})
		}
	})
	return n
}
