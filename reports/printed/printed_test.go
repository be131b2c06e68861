package printed

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/assets"
	"dossier/model"
	"dossier/model/clinical"
)

// usedKey is a printed word's key as the code asks for it.
type usedKey struct {
	plural bool
	where  string
}

// keyRE is what a key looks like: dotted lower-case words, so a call of
// another T or N method (testing's, say) is not taken for one.
var keyRE = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)

// tablePrefixes begin the keys kept in tables and passed to T from there
// (app/flow/monthlyreport's lines, the accounting of disclosures' columns):
// every literal with one is a key.
var tablePrefixes = []string{"monthly.fig.", "monthly.section.", "monthly.unit.", "accounting.col_"}

// keysInCode finds every key the code passes to Words.T and Words.N, in
// the packages that print (reports, and app/flow which names months for
// the reports it asks for). A key must be a string literal, or no test
// could check it is in every file; the few made from a number (month.01,
// month.short.01 …) are added by the caller.
func keysInCode(t *testing.T) map[string]usedKey {
	t.Helper()
	keys := map[string]usedKey{}
	fset := token.NewFileSet()
	for _, dir := range []string{"..", "../../app/flow"} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				// Keys in a table (the monthly report's figures) are
				// literals handed to T later.
				if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
					if key, err := strconv.Unquote(b.Value); err == nil && keyRE.MatchString(key) && slices.ContainsFunc(tablePrefixes, func(p string) bool { return strings.HasPrefix(key, p) }) {
						keys[key] = usedKey{where: p}
					}
					return true
				}
				c, ok := n.(*ast.CallExpr)
				if !ok || len(c.Args) == 0 {
					return true
				}
				sel, ok := c.Fun.(*ast.SelectorExpr)
				if !ok || (sel.Sel.Name != "T" && sel.Sel.Name != "N") {
					return true
				}
				b, ok := c.Args[0].(*ast.BasicLit)
				if !ok || b.Kind != token.STRING {
					return true
				}
				key, err := strconv.Unquote(b.Value)
				if err != nil || !keyRE.MatchString(key) {
					return true
				}
				k := usedKey{plural: sel.Sel.Name == "N", where: p}
				if old, seen := keys[key]; seen && old.plural != k.plural {
					t.Errorf("key %q is asked for with and without a count (%s, %s)", key, old.where, p)
				}
				keys[key] = k
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for m := 1; m <= 12; m++ {
		keys["month."+strconv.Itoa(100 + m)[1:]] = usedKey{where: "printed.go (Month)"}
		keys["month.short."+strconv.Itoa(100 + m)[1:]] = usedKey{where: "printed.go (ShortMonth)"}
	}
	return keys
}

var fmtVerbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// pluralForms are the forms each language's count-dependent texts need
// (CLDR, as go-i18n applies them).
var pluralForms = map[string][]string{
	"en": {"one", "other"}, "sw": {"one", "other"},
	"fr": {"many", "one", "other"}, "pt": {"many", "one", "other"},
}

func readFile(t *testing.T, code string) map[string]json.RawMessage {
	t.Helper()
	data, err := assets.PrintedWords.ReadFile("translations/print/" + code + ".json")
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	var file map[string]json.RawMessage
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	// One key a line, sorted, so a merge of two helpers' words is a union.
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var order []string
	for _, l := range lines[1 : len(lines)-1] {
		k, _, ok := strings.Cut(strings.TrimSpace(l), ":")
		if !ok {
			t.Errorf("%s.json: %q is not one key on one line", code, l)
			continue
		}
		order = append(order, k)
	}
	if !slices.IsSorted(order) {
		t.Errorf("%s.json: keys not sorted", code)
	}
	if len(order) != len(file) {
		t.Errorf("%s.json: %d lines for %d keys", code, len(order), len(file))
	}
	return file
}

// TestPrintedWordsMatchCode: every key the printing code uses is in every
// language's file with the forms it needs, no file has a key the code
// does not use, and each text has the same fmt verbs as the English, in
// the same order (they are filled in order).
func TestPrintedWordsMatchCode(t *testing.T) {
	keys := keysInCode(t)
	if len(keys) < 50 {
		t.Fatalf("only %d keys found in the code: is the parser looking in the right place?", len(keys))
	}
	en := readFile(t, "en")
	texts := func(code, key string, raw json.RawMessage, plural bool) map[string]string {
		out := map[string]string{}
		if plural {
			if err := json.Unmarshal(raw, &out); err != nil {
				t.Errorf("%s.json %q: a count-dependent text needs its plural forms: %v", code, key, err)
			}
			var forms []string
			for f := range out {
				forms = append(forms, f)
			}
			slices.Sort(forms)
			if !slices.Equal(forms, pluralForms[code]) {
				t.Errorf("%s.json %q has the forms %v, the language needs %v", code, key, forms, pluralForms[code])
			}
			return out
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Errorf("%s.json %q: want one text: %v", code, key, err)
		}
		out["other"] = s
		return out
	}
	for _, code := range model.Languages {
		if pluralForms[code] == nil {
			t.Errorf("%s: add the plural forms the language needs (CLDR) to pluralForms", code)
		}
		file := readFile(t, code)
		for key, k := range keys {
			raw, ok := file[key]
			if !ok {
				t.Errorf("%s.json lacks %q (%s)", code, key, k.where)
				continue
			}
			want := fmtVerbRE.FindAllString(texts("en", key, en[key], k.plural)["other"], -1)
			for form, s := range texts(code, key, raw, k.plural) {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s.json %q is empty", code, key)
				}
				if got := fmtVerbRE.FindAllString(s, -1); !slices.Equal(got, want) {
					t.Errorf("%s.json %q (%s) has the verbs %v, English %v: %q", code, key, form, got, want, s)
				}
			}
		}
		for key := range file {
			if _, ok := keys[key]; !ok {
				t.Errorf("%s.json has %q, which the code does not use", code, key)
			}
		}
	}
}

func TestWordsInEachLanguage(t *testing.T) {
	d := model.Date{Year: 2026, Month: time.March, Day: 2}
	for _, c := range []struct {
		w          Words
		long, days string
		one, zero  string
	}{
		{Words{}, "2 March 2026", "until x (2 days)", "until x (1 day)", "until x (0 days)"},
		{For(""), "2 March 2026", "until x (2 days)", "until x (1 day)", "until x (0 days)"},
		{For("xx"), "2 March 2026", "until x (2 days)", "until x (1 day)", "until x (0 days)"},
		{For("fr"), "2 mars 2026", "jusqu'au x (2 jours)", "jusqu'au x (1 jour)", "jusqu'au x (0 jour)"},
		{For("pt"), "2 de março de 2026", "até x (2 dias)", "até x (1 dia)", "até x (0 dia)"},
		{For("sw"), "2 Machi 2026", "hadi x (siku 2)", "hadi x (siku 1)", "hadi x (siku 0)"},
	} {
		if got := c.w.Long(d, clinical.OrderDMY); got != c.long {
			t.Errorf("%s: Long = %q, want %q", c.w.Lang(), got, c.long)
		}
		for n, want := range map[int]string{2: c.days, 1: c.one, 0: c.zero} {
			if got := c.w.N("casenotes.until", n, "x", n); got != want {
				t.Errorf("%s: %d days = %q, want %q", c.w.Lang(), n, got, want)
			}
		}
	}
	// In the Ethiopian calendar the month is the calendar's, in any language.
	eth := clinical.OrderDMY.WithCalendar("ethiopian")
	if got := For("fr").Long(model.Date{Year: 2024, Month: time.March, Day: 12}, eth); got != "3 Megabit 2016 EC" {
		t.Errorf("Ethiopian long date: %q", got)
	}
	if got := For("pt").MonthYear(time.Date(2026, time.November, 5, 0, 0, 0, 0, time.UTC), clinical.OrderDMY); got != "novembro de 2026" {
		t.Errorf("month and year: %q", got)
	}
}
