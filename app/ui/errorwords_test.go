package ui

import (
	"encoding/json"
	"go/ast"
	"go/token"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"dossier/assets"
	"dossier/model"
)

// errorMessagesInCode finds the messages storage, the model, the flows and
// reports give the window as errors: the format of every model.Errorf, the
// message of every model.FieldError and model.Error{Message: …}, and the
// field messages a validation puts in its errs map. Messages built at run
// time cannot be found (and stay English on screen).
func errorMessagesInCode(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	lit := func(e ast.Expr) (string, bool) {
		b, ok := e.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(b.Value)
		return s, err == nil
	}
	for _, dir := range []string{"../../model", "../../storage", "../flow", "../../reports"} {
		for path, f := range goFiles(t, dir) {
			inModel := strings.HasPrefix(path, "../../model/") && !strings.Contains(strings.TrimPrefix(path, "../../model/"), "/")
			modelName := func(e ast.Expr) string {
				switch x := e.(type) {
				case *ast.SelectorExpr:
					if isIdent(x.X, "model") {
						return x.Sel.Name
					}
				case *ast.Ident:
					if inModel {
						return x.Name
					}
				}
				return ""
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					if fn := modelName(x.Fun); (fn == "Errorf" || fn == "FieldError") && len(x.Args) > 1 {
						if s, ok := lit(x.Args[1]); ok {
							found[s] = path
						}
					}
				case *ast.CompositeLit:
					if modelName(x.Type) == "Error" {
						for _, el := range x.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok && (isIdent(kv.Key, "Message") || isIdent(kv.Key, "Format")) {
								if s, ok := lit(kv.Value); ok {
									found[s] = path
								}
							}
						}
					}
				case *ast.AssignStmt:
					// errs["name"] = "Enter at least one name."
					if len(x.Lhs) == 1 && len(x.Rhs) == 1 {
						if ix, ok := x.Lhs[0].(*ast.IndexExpr); ok && isIdent(ix.X, "errs") {
							if s, ok := lit(x.Rhs[0]); ok {
								found[s] = path
							}
						}
					}
				case *ast.ValueSpec:
					// const format = "…" beside a model.Error{Format: format}
					for i, name := range x.Names {
						if name.Name == "format" && i < len(x.Values) {
							if s, ok := lit(x.Values[i]); ok {
								found[s] = path
							}
						}
					}
				}
				return true
			})
		}
	}
	return found
}

// TestErrorMessagesInEveryLanguage: every message the window can show from
// below it has its words in every language but English (whose words are
// the messages), with the same fmt verbs in the same order, and no file
// keeps a message the code no longer gives.
func TestErrorMessagesInEveryLanguage(t *testing.T) {
	inCode := errorMessagesInCode(t)
	if len(inCode) < 150 {
		t.Fatalf("found only %d error messages in the code: the search is broken", len(inCode))
	}
	for _, code := range model.Languages {
		if code == "en" {
			continue
		}
		words := assets.ErrorWords(code)
		if words == nil {
			t.Errorf("%s: no file assets/translations/errors/%s.json", code, code)
			continue
		}
		var missing []string
		for msg, where := range inCode {
			tr, ok := words[msg]
			switch {
			case !ok:
				missing = append(missing, msg+"   ("+where+")")
			case !slices.Equal(fmtVerbRE.FindAllString(tr, -1), fmtVerbRE.FindAllString(msg, -1)):
				t.Errorf("%s: %q has verbs %v, the English %q has %v", code, tr, fmtVerbRE.FindAllString(tr, -1), msg, fmtVerbRE.FindAllString(msg, -1))
			case strings.TrimSpace(tr) == "":
				t.Errorf("%s: %q is translated as nothing", code, msg)
			}
		}
		sort.Strings(missing)
		for _, m := range missing {
			t.Errorf("%s: no words for %q", code, m)
		}
		for msg := range words {
			if _, ok := inCode[msg]; !ok {
				t.Errorf("%s: %q is in the file but no code gives it: remove it", code, msg)
			}
		}
	}
}

// TestErrorFilesAreSorted keeps the files easy to review and merge: one
// message per line, sorted.
func TestErrorFilesAreSorted(t *testing.T) {
	for _, code := range model.Languages {
		if code == "en" {
			continue
		}
		var m map[string]string
		raw, err := os.ReadFile("../../assets/translations/errors/" + code + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		var keys []string
		for _, l := range lines[1 : len(lines)-1] {
			k, _, _ := strings.Cut(strings.TrimSpace(l), `": "`)
			keys = append(keys, k)
		}
		if !sort.StringsAreSorted(keys) || len(keys) != len(m) {
			t.Errorf("%s: keep assets/translations/errors/%s.json one message a line, sorted", code, code)
		}
	}
}
