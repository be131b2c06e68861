package match

import (
	"strconv"
	"unicode/utf8"
)

// BlockingKeys returns the keys under which a person is filed: two records
// are compared only when they share a key. Each key joins a phonetic code
// or a date with a second field, so that a block stays small even among a
// million people, and the keys overlap so that one typo, one missing field
// or swapped given and family names still leave a shared key:
//
//	n   both names' codes, in sorted order (survives a swap)
//	y   either name's code + birth year and month
//	d   birth date + either name's initial
//	l   either name's code + village's code + sex
//	p   either name's code + postcode
//	dp  birth date + postcode; dl: birth date + village's code
//	a   house number + street's code + birth year; ap: … + postcode;
//	    an: … + either name's code
//	t   phone (last 8 digits)
//	i   national ID
//
// "Either name" keys are filed under given and family alike, with one
// prefix, so that a swapped pair still shares them. Estimated births (from
// a stated age) give no date keys: their month and day mean nothing.
func BlockingKeys(p *Prepared) []string {
	keys := make([]string, 0, 16)
	add := func(parts ...string) {
		for _, s := range parts[1:] {
			if s == "" {
				return
			}
		}
		k := parts[0]
		for _, s := range parts[1:] {
			k += "|" + s
		}
		for _, have := range keys {
			if have == k {
				return
			}
		}
		keys = append(keys, k)
	}
	g, f := p.given.code, p.family.code
	if g > f {
		g, f = f, g
	}
	add("n", g, f)
	var ym, date string
	if p.year > 0 && p.month > 0 && !p.estimated {
		ym = strconv.Itoa(p.year*100 + p.month)
		if p.day > 0 {
			date = strconv.Itoa(p.year*10000 + p.month*100 + p.day)
		}
	}
	loc := p.locality.code
	// A village holds many people with a common name; sex halves those
	// blocks, and is rarely recorded differently for one person.
	sex := "-"
	if p.sex != 0 {
		sex = string(p.sex)
	}
	for _, n := range []*name{&p.given, &p.family} {
		add("y", n.code, ym)
		if n.folded != "" {
			_, size := utf8.DecodeRuneInString(n.folded)
			add("d", date, n.folded[:size])
		}
		add("l", n.code, loc, sex)
		add("p", n.code, p.postcode)
	}
	add("dp", date, p.postcode)
	add("dl", date, loc)
	if w := p.address.words; len(w) >= 2 && w[0].number {
		street := NYSIIS(w[1].s)
		if p.year > 0 {
			add("a", w[0].s, street, strconv.Itoa(p.year))
		}
		add("ap", w[0].s, street, p.postcode)
		// The home with either name: a copy whose birth date, village and
		// postcode were all mistyped or replaced shares no other key.
		add("an", w[0].s, street, p.given.code)
		add("an", w[0].s, street, p.family.code)
	}
	add("t", p.phone)
	add("i", p.nid)
	return keys
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
