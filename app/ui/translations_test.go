package ui

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"dossier/assets"
	"dossier/model"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// langImport is Fyne's translation package, the one way the window's
// words reach the screen.
const langImport = "fyne.io/fyne/v2/lang"

// goFiles parses the non-test Go files under dir (relative to app/ui).
func goFiles(t *testing.T, dir string) map[string]*ast.File {
	t.Helper()
	out := map[string]*ast.File{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(p)] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// langName is the name a file imports Fyne's lang package under ("" when
// it does not import it).
func langName(f *ast.File) string {
	for _, im := range f.Imports {
		if p, _ := strconv.Unquote(im.Path.Value); p == langImport {
			if im.Name != nil {
				return im.Name.Name
			}
			return "lang"
		}
	}
	return ""
}

// langCall is the function name when c is a call of the lang package
// (L, N, X, XN …), "" otherwise.
func langCall(c *ast.CallExpr, name string) string {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || name == "" {
		return ""
	}
	if x, ok := sel.X.(*ast.Ident); ok && x.Name == name {
		return sel.Sel.Name
	}
	return ""
}

// usedKey is a translation key the code asks for.
type usedKey struct {
	plural   bool
	fallback string
	where    string
}

// keysInCode finds every key the app tree passes to lang.L/X/N/XN. A key
// must be a string literal, or no test could check it is translated.
func keysInCode(t *testing.T) map[string]usedKey {
	t.Helper()
	keys := map[string]usedKey{}
	for path, f := range goFiles(t, "..") {
		name := langName(f)
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn := langCall(c, name)
			if !slices.Contains([]string{"L", "N", "X", "XN"}, fn) || len(c.Args) == 0 {
				return true
			}
			lit := func(i int) (string, bool) {
				if i >= len(c.Args) {
					return "", false
				}
				b, ok := c.Args[i].(*ast.BasicLit)
				if !ok || b.Kind != token.STRING {
					return "", false
				}
				s, err := strconv.Unquote(b.Value)
				return s, err == nil
			}
			key, ok := lit(0)
			if !ok {
				t.Errorf("%s: lang.%s with a key that is not a string literal", path, fn)
				return true
			}
			k := usedKey{where: path, fallback: key}
			switch fn {
			case "X", "XN":
				if k.fallback, ok = lit(1); !ok {
					t.Errorf("%s: lang.%s(%q) with a fallback that is not a string literal", path, fn, key)
				}
			}
			k.plural = fn == "N" || fn == "XN"
			if old, seen := keys[key]; seen && (old.fallback != k.fallback || old.plural != k.plural) {
				t.Errorf("key %q means two things: %q (%s) and %q (%s)", key, old.fallback, old.where, k.fallback, path)
			}
			keys[key] = k
			return true
		})
	}
	return keys
}

// placeholders are the {{.Name}} fields a text fills in.
var placeholderRE = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

var fmtVerbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// fmtVerbs are the fmt verbs of a text, in order.
func fmtVerbs(s string) []string { return fmtVerbRE.FindAllString(s, -1) }

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}

// TestTranslationFilesMatchCode: every key the window uses is in every
// language file, no file has a key the window does not use, plural keys
// have every form their language needs, and each translation fills in the
// same fields as the English.
func TestTranslationFilesMatchCode(t *testing.T) {
	keys := keysInCode(t)
	if len(keys) < 100 {
		t.Fatalf("only %d keys found in the code: is the parser looking in the right place?", len(keys))
	}
	for _, code := range model.Languages {
		data, err := assets.Translations.ReadFile("translations/" + code + ".json")
		if err != nil {
			t.Errorf("%s: %v", code, err)
			continue
		}
		var file map[string]json.RawMessage
		if err := json.Unmarshal(data, &file); err != nil {
			t.Errorf("%s.json: %v", code, err)
			continue
		}
		for key, k := range keys {
			raw, ok := file[key]
			if !ok {
				t.Errorf("%s.json lacks %q (%s: %q)", code, key, k.where, k.fallback)
				continue
			}
			texts := map[string]string{}
			if k.plural {
				if err := json.Unmarshal(raw, &texts); err != nil {
					t.Errorf("%s.json %q: a count-dependent text needs its plural forms: %v", code, key, err)
					continue
				}
			} else {
				var s string
				if err := json.Unmarshal(raw, &s); err != nil {
					t.Errorf("%s.json %q: want one text: %v", code, key, err)
					continue
				}
				texts["other"] = s
			}
			for form, s := range texts {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s.json %q is empty", code, key)
				}
				got, want := placeholders(s), placeholders(k.fallback)
				if form == "one" { // "this record" may say the count in words
					want = slices.DeleteFunc(want, func(f string) bool { return f == "Count" })
					got = slices.DeleteFunc(got, func(f string) bool { return f == "Count" })
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s.json %q (%s) fills in %v, the code gives %v: %q", code, key, form, got, want, s)
				}
				// fmt's verbs are filled in order: the same ones, in the same order.
				if gv, wv := fmtVerbs(s), fmtVerbs(k.fallback); !slices.Equal(gv, wv) {
					t.Errorf("%s.json %q (%s) has the verbs %v, the code fills in %v: %q", code, key, form, gv, wv, s)
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

// TestPluralsInEveryLanguage: each count-dependent text reads in each
// language for the counts the clinic sees (French and Portuguese treat 0
// as singular and have a form for millions), through go-i18n as Fyne
// does, with no form missing.
func TestPluralsInEveryLanguage(t *testing.T) {
	keys := keysInCode(t)
	for _, code := range model.Languages {
		b := i18n.NewBundle(language.English)
		b.RegisterUnmarshalFunc("json", json.Unmarshal)
		data, err := assets.Translations.ReadFile("translations/" + code + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.ParseMessageFileBytes(data, code+".json"); err != nil {
			t.Fatalf("%s.json: %v", code, err)
		}
		loc := i18n.NewLocalizer(b, code)
		for key, k := range keys {
			if !k.plural {
				continue
			}
			data := map[string]any{}
			for _, f := range placeholders(k.fallback) {
				data[f] = "x"
			}
			for _, n := range []int{0, 1, 2, 5, 21, 1000000} {
				data["Count"] = n
				s, err := loc.Localize(&i18n.LocalizeConfig{MessageID: key, PluralCount: n, TemplateData: data})
				if err != nil {
					t.Errorf("%s %q for %d: %v", code, key, n, err)
				} else if strings.Contains(s, "<no value>") {
					t.Errorf("%s %q for %d fills in a field the code does not give: %q", code, key, n, s)
				} else if n > 1 && strings.Contains(k.fallback, "{{.Count}}") && !strings.Contains(s, strconv.Itoa(n)) {
					t.Errorf("%s %q for %d does not say the number: %q", code, key, n, s)
				}
			}
		}
	}
	// The singular really differs where the language says so.
	one := func(code, key string, n int) string {
		b := i18n.NewBundle(language.English)
		b.RegisterUnmarshalFunc("json", json.Unmarshal)
		data, _ := assets.Translations.ReadFile("translations/" + code + ".json")
		if _, err := b.ParseMessageFileBytes(data, code+".json"); err != nil {
			t.Fatal(err)
		}
		s, _ := i18n.NewLocalizer(b, code).Localize(&i18n.LocalizeConfig{MessageID: key, PluralCount: n, TemplateData: map[string]any{"Count": n}})
		return s
	}
	for _, c := range []struct {
		code string
		n    int
		want string
	}{
		{"en", 1, "1 patient."}, {"en", 0, "0 patients."}, {"en", 2, "2 patients."},
		{"fr", 0, "0 patient."}, {"fr", 1, "1 patient."}, {"fr", 2, "2 patients."},
		{"pt", 1, "1 doente."}, {"pt", 3, "3 doentes."},
		{"sw", 1, "Mgonjwa 1."}, {"sw", 4, "Wagonjwa 4."},
	} {
		if got := one(c.code, "patients.count", c.n); got != c.want {
			t.Errorf("%s, %d patients: %q, want %q", c.code, c.n, got, c.want)
		}
	}
}

// shownArgs are, for the calls that put words on the screen, which of
// their arguments are shown: widget constructors and setters, dialogs,
// menus, and kit's own headings, dialogs and notices.
var shownArgs = map[string][]int{
	// package.function
	"widget.NewLabel": {0}, "widget.NewLabelWithStyle": {0}, "widget.NewButton": {0}, "widget.NewButtonWithIcon": {0},
	"widget.NewCheck": {0}, "widget.NewHyperlink": {0}, "widget.NewFormItem": {0}, "widget.NewCard": {0, 1},
	"widget.NewAccordionItem": {0}, "widget.NewRichTextWithText": {0}, "widget.NewRichTextFromMarkdown": {0},
	"widget.NewSelect": {0}, "widget.NewRadioGroup": {0}, "widget.NewCheckGroup": {0},
	"container.NewTabItem": {0}, "container.NewTabItemWithIcon": {0},
	"dialog.NewConfirm": {0, 1}, "dialog.ShowConfirm": {0, 1}, "dialog.NewInformation": {0, 1}, "dialog.ShowInformation": {0, 1},
	"dialog.NewCustom": {0, 1}, "dialog.ShowCustom": {0, 1}, "dialog.NewCustomConfirm": {0, 1, 2}, "dialog.ShowCustomConfirm": {0, 1, 2},
	"dialog.NewCustomWithoutButtons": {0}, "dialog.NewForm": {0, 1, 2}, "dialog.ShowForm": {0, 1, 2}, "dialog.NewEntryDialog": {0, 1},
	"fyne.NewMenuItem": {0}, "fyne.NewMenu": {0},
	"kit.Heading": {0}, "kit.WrapLabel": {0}, "kit.NewDialog": {0}, "kit.SetError": {1},
	// .method, whatever the receiver
	".SetText": {0}, ".SetPlaceHolder": {0}, ".SetTitle": {0}, ".Append": {0},
	".ShowInfo": {0, 1}, ".ShowLongInfo": {0, 1}, ".AskReason": {0, 1, 2}, ".AskLine": {0, 1, 2, 3},
	".FormDialog": {0}, ".Notice": {0}, ".Flash": {0}, ".SetConfirmText": {0}, ".SetDismissText": {0},
	".WithProgress": {0}, ".Fail": {0},
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// untranslatable are words the same in every language.
var untranslatable = map[string]bool{"Dossier": true}

// formatting is what a text may hold that is not words: fmt verbs and
// template fields.
var formattingRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]|{{[^}]*}}`)

// hasWords says whether a literal holds words a reader must understand.
func hasWords(s string) bool {
	if untranslatable[strings.TrimSpace(s)] {
		return false
	}
	for _, r := range formattingRE.ReplaceAllString(s, "") {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return true
		}
	}
	return false
}

// literalWords finds a string literal with words in e that does not go
// through lang.
func literalWords(e ast.Expr, lang string) (string, bool) {
	var found string
	var look func(n ast.Node) bool
	look = func(n ast.Node) bool {
		if found != "" {
			return false
		}
		switch x := n.(type) {
		case *ast.IndexExpr: // m["DMY"]: a key, not shown
			ast.Inspect(x.X, look)
			return false
		case *ast.CallExpr:
			if langCall(x, lang) != "" {
				return false
			}
		case *ast.FuncLit:
			return false
		case *ast.BasicLit:
			if x.Kind == token.STRING {
				if s, err := strconv.Unquote(x.Value); err == nil && hasWords(s) {
					found = s
				}
			}
		}
		return true
	}
	ast.Inspect(e, look)
	return found, found != ""
}

// identLike is a literal that is a name, not prose: a key, a file name's
// part, an ID stored in settings ("codes.recent.", "fhir-export-", ".json").
var identLikeRE = regexp.MustCompile(`^[a-z0-9._:/%-]*$`)

// isProse says whether a literal holds words for a reader, not a name.
func isProse(s string) bool { return hasWords(s) && !identLikeRE.MatchString(s) }

// builtProse finds English made for the screen away from the widget that
// shows it: a fmt.Sprintf format, a string returned, assigned or joined
// with +. Such text reaches a label through a variable or a function, where
// the shownArgs check cannot follow it; so in app/ui any prose literal
// outside lang is a finding (log lines and errors are left to their own
// checks).
func builtProse(n ast.Node, lang string) (string, string, bool) {
	lit := func(e ast.Expr) (string, bool) {
		bl, ok := e.(*ast.BasicLit)
		if !ok || bl.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(bl.Value)
		return s, err == nil && isProse(s)
	}
	switch x := n.(type) {
	case *ast.CallExpr:
		sel, ok := x.Fun.(*ast.SelectorExpr)
		if !ok || !isIdent(sel.X, "fmt") {
			return "", "", false
		}
		i := map[string]int{"Sprintf": 0, "Fprintf": 1, "Sprint": 0, "Sprintln": 0}
		if at, ok := i[sel.Sel.Name]; ok && at < len(x.Args) {
			if s, ok := lit(x.Args[at]); ok {
				return "fmt." + sel.Sel.Name, s, true
			}
		}
	case *ast.ReturnStmt:
		for _, r := range x.Results {
			if s, ok := lit(r); ok {
				return "return", s, true
			}
		}
	case *ast.AssignStmt:
		for _, r := range x.Rhs {
			if s, ok := lit(r); ok {
				return "assigned", s, true
			}
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			for _, r := range []ast.Expr{x.X, x.Y} {
				if s, ok := lit(r); ok {
					return "joined", s, true
				}
			}
		}
	}
	return "", "", false
}

// untranslatedLiterals lists, for each file under app/ui, the English
// literals that reach the screen without lang.
func untranslatedLiterals(t *testing.T) map[string][]string {
	out := map[string][]string{}
	for path, f := range goFiles(t, ".") {
		name := langName(f)
		ast.Inspect(f, func(n ast.Node) bool {
			// A table's column titles are shown: kit.Column{Title: …}.
			if cl, ok := n.(*ast.CompositeLit); ok {
				isColumn := func(t ast.Expr) bool {
					sel, ok := t.(*ast.SelectorExpr)
					return (ok && sel.Sel.Name == "Column") || isIdent(t, "Column")
				}
				// []kit.Column{{Title: …}}: the elements' type is left out.
				if at, ok := cl.Type.(*ast.ArrayType); ok && isColumn(at.Elt) {
					for _, el := range cl.Elts {
						if inner, ok := el.(*ast.CompositeLit); ok && inner.Type == nil {
							inner.Type = at.Elt
						}
					}
				}
				if isColumn(cl.Type) {
					for _, el := range cl.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Title") {
							if s, bad := literalWords(kv.Value, name); bad {
								out[path] = append(out[path], fmt.Sprintf("Column title: %q", s))
							}
						}
					}
				}
				return true
			}
			if what, lit, ok := builtProse(n, name); ok {
				out[path] = append(out[path], fmt.Sprintf("%s: %q", what, lit))
			}
			if c, ok := n.(*ast.CallExpr); ok && langCall(c, name) != "" {
				return false // the words inside go through lang
			}
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := c.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			args, ok := shownArgs["."+sel.Sel.Name]
			if x, isPkg := sel.X.(*ast.Ident); isPkg {
				if a, ok2 := shownArgs[x.Name+"."+sel.Sel.Name]; ok2 {
					args, ok = a, true
				}
			}
			if !ok {
				return true
			}
			for _, i := range args {
				if i < len(c.Args) {
					if s, bad := literalWords(c.Args[i], name); bad {
						out[path] = append(out[path], fmt.Sprintf("%s: %q", sel.Sel.Name, s))
					}
				}
			}
			return true
		})
	}
	return out
}

// notTranslatedYet are the files whose words still reach the screen in
// English (README, Languages). The list only shrinks: the test fails when
// a file not listed shows an untranslated literal, and when a listed file
// no longer does (then take it off the list).
var notTranslatedYet = []string{}

// TestWindowWordsGoThroughLang is the go vet-style check over app/ui: a
// string literal with words must not reach a label, button, check, entry
// hint, dialog, menu or notice except through lang.
func TestWindowWordsGoThroughLang(t *testing.T) {
	found := untranslatedLiterals(t)
	for _, f := range notTranslatedYet {
		if _, ok := found[f]; !ok {
			t.Errorf("%s is translated now: take it off notTranslatedYet", f)
		}
	}
	var files []string
	for f := range found {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		if !slices.Contains(notTranslatedYet, f) {
			t.Errorf("%s shows words that do not go through lang:\n\t%s", f, strings.Join(found[f], "\n\t"))
		}
	}
	if os.Getenv("DOSSIER_LIST_UNTRANSLATED") != "" {
		for _, f := range files {
			t.Logf("%q,\n\t%s", f, strings.Join(found[f], "\n\t"))
		}
	}
}
