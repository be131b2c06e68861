package match

import "strings"

// NYSIIS is the New York State Identification and Intelligence System
// phonetic code of one folded name token, as Taft published it in 1970:
// prefix and suffix rules, vowels to A, then the letter-by-letter rules, with
// the key truncated to 6 letters. It returns upper case, "" for "". Tokens in
// other scripts (no letter a–z) have no phonetic rules; their code is the
// token itself in upper case so that they still compare exactly.
func NYSIIS(token string) string {
	var buf [32]byte
	name := buf[:0]
	other := false
	for i := 0; i < len(token); i++ {
		c := token[i]
		switch {
		case c >= 'a' && c <= 'z':
			name = append(name, c-'a'+'A')
		case c >= 'A' && c <= 'Z':
			name = append(name, c)
		case c >= 0x80:
			other = true
		}
	}
	if len(name) == 0 {
		if other {
			return strings.ToUpper(token)
		}
		return ""
	}
	return string(nysiisKey(name))
}

func isVowel(c byte) bool { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' }

// nysiisKey encodes upper-case A–Z letters; it rewrites name in place, as
// the original rules are stated in terms of the name being transformed.
func nysiisKey(name []byte) []byte {
	// 1. First letters.
	switch {
	case hasPrefix(name, "MAC"):
		name[1] = 'C'
	case hasPrefix(name, "KN"):
		name[0] = 'N'
	case name[0] == 'K':
		name[0] = 'C'
	case hasPrefix(name, "PH"), hasPrefix(name, "PF"):
		name[0], name[1] = 'F', 'F'
	case hasPrefix(name, "SCH"):
		name[1], name[2] = 'S', 'S'
	}
	// 2. Last letters.
	if n := len(name); n >= 2 {
		switch string(name[n-2:]) {
		case "EE", "IE":
			name = append(name[:n-2], 'Y')
		case "DT", "RT", "RD", "NT", "ND":
			name = append(name[:n-2], 'D')
		}
	}
	// 3. The key starts with the first letter; 4. scan the rest.
	key := make([]byte, 1, len(name))
	key[0] = name[0]
	for i := 1; i < len(name); i++ {
		c := name[i]
		next := byte(0)
		if i+1 < len(name) {
			next = name[i+1]
		}
		switch {
		case c == 'E' && next == 'V':
			name[i], name[i+1] = 'A', 'F'
		case isVowel(c):
			name[i] = 'A'
		case c == 'Q':
			name[i] = 'G'
		case c == 'Z':
			name[i] = 'S'
		case c == 'M':
			name[i] = 'N'
		case c == 'K':
			if next == 'N' {
				name[i] = 'N'
			} else {
				name[i] = 'C'
			}
		case c == 'S' && next == 'C' && i+2 < len(name) && name[i+2] == 'H':
			name[i+1], name[i+2] = 'S', 'S'
		case c == 'P' && next == 'H':
			name[i], name[i+1] = 'F', 'F'
		case c == 'H' && (!isVowel(name[i-1]) || !isVowel(next)):
			name[i] = name[i-1]
		case c == 'W' && isVowel(name[i-1]):
			name[i] = name[i-1]
		}
		// 5. Add the letter unless it repeats the key's last letter.
		if name[i] != key[len(key)-1] {
			key = append(key, name[i])
		}
	}
	// 7–9. Final S, final AY, final A.
	if n := len(key); n > 1 && key[n-1] == 'S' {
		key = key[:n-1]
	}
	if n := len(key); n > 2 && key[n-2] == 'A' && key[n-1] == 'Y' {
		key = append(key[:n-2], 'Y')
	}
	if n := len(key); n > 1 && key[n-1] == 'A' {
		key = key[:n-1]
	}
	if len(key) > 6 {
		key = key[:6]
	}
	return key
}

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }
