package packet

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// redactedMark replaces every omitted passage.
const redactedMark = "[redacted]"

// redactText replaces every occurrence of each omit string in s with
// "[redacted]" and reports how many passages it replaced. Matching is
// deliberately generous, because a miss leaks what the patient asked to be
// held back: letter case is ignored ("HIV" also finds "hiv"), and a run of
// spaces in the omit string matches any run of white space, line breaks
// included ("Jane Doe" finds "Jane\nDoe"). Overlapping matches merge into
// one mark. Both s and omits are expected to be clean()ed already.
func redactText(s string, omits []string) (string, int) {
	type span struct{ from, to int }
	var spans []span
	for _, o := range omits {
		o = strings.Join(strings.Fields(o), " ")
		if o == "" {
			continue
		}
		for i := 0; i < len(s); {
			if n := matchFold(s[i:], o); n > 0 {
				spans = append(spans, span{i, i + n})
			}
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	if len(spans) == 0 {
		return s, 0
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].from < spans[b].from })
	var b strings.Builder
	at, count := 0, 0
	for k := 0; k < len(spans); {
		from, to := spans[k].from, spans[k].to
		for k++; k < len(spans) && spans[k].from <= to; k++ {
			to = max(to, spans[k].to)
		}
		b.WriteString(s[at:from])
		b.WriteString(redactedMark)
		at = to
		count++
	}
	b.WriteString(s[at:])
	return b.String(), count
}

// matchFold reports the length in bytes of the prefix of s that matches
// pattern p (case-insensitively; a space in p matches one or more white
// space characters in s), or 0.
func matchFold(s, p string) int {
	i := 0
	for _, pr := range p {
		if i >= len(s) {
			return 0
		}
		sr, size := utf8.DecodeRuneInString(s[i:])
		if pr == ' ' {
			if !unicode.IsSpace(sr) {
				return 0
			}
			for i < len(s) {
				sr, size = utf8.DecodeRuneInString(s[i:])
				if !unicode.IsSpace(sr) {
					break
				}
				i += size
			}
			continue
		}
		if !sameFold(sr, pr) {
			return 0
		}
		i += size
	}
	return i
}

func sameFold(a, b rune) bool {
	if a == b {
		return true
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// leaks reports an omit string that still occurs in s after redaction (it
// could only have been formed across a mark). Omit strings that are part of
// the mark itself ("redacted") cannot be checked and are skipped.
func leaks(s string, omits []string) (string, bool) {
	for _, o := range omits {
		o = strings.Join(strings.Fields(o), " ")
		if o == "" || matchAnywhere(redactedMark, o) {
			continue
		}
		if matchAnywhere(s, o) {
			return o, true
		}
	}
	return "", false
}

func matchAnywhere(s, o string) bool {
	for i := 0; i < len(s); {
		if matchFold(s[i:], o) > 0 {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return false
}
