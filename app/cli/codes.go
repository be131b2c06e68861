package cli

import (
	"errors"
	"fmt"
	"strings"

	"dossier/assets/codes"
	"dossier/model/coding"
)

// runCodes is "dossier codes search …": the coding engine from a shell,
// for checking a code list or the search without the window. It needs no
// store: the code sets are embedded.
func runCodes(env *Env, g *globals, args []string) error {
	if len(args) > 0 && args[0] == "import" {
		return runCodesImport(env, g, args[1:])
	}
	if len(args) == 0 || args[0] != "search" {
		return errors.New(`usage: dossier codes search [--system icd10cm|icd10pcs|all] [--limit N] [--titles] "query" | codes import --format F --name N --version V FILE`)
	}
	fs := newFlags(env, "codes search")
	system := fs.String("system", "icd10cm", "icd10cm, icd10pcs or all")
	limit := fs.Int("limit", 20, "how many results")
	titlesOnly := fs.Bool("titles", false, "search titles and synonyms only, not the indexes")
	// Flags may follow the query too ("codes search malaria --limit 5").
	var words []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	q := strings.Join(words, " ")
	if strings.TrimSpace(q) == "" {
		return errors.New(`say what to search for: dossier codes search "malaria" (a code, its start, or words)`)
	}
	var sets []*coding.Set
	var err error
	switch strings.ToLower(*system) {
	case "icd10cm", "cm":
		var s *coding.Set
		s, err = codes.CM()
		sets = []*coding.Set{s}
	case "icd10pcs", "pcs":
		var s *coding.Set
		s, err = codes.PCS()
		sets = []*coding.Set{s}
	case "all":
		sets, err = codes.All()
	default:
		return fmt.Errorf("--system is icd10cm, icd10pcs or all, not %q", *system)
	}
	if err != nil {
		return err
	}
	sr := coding.NewSearcher(sets...)
	if !*titlesOnly {
		// As the picker searches: the shipped indexes and the shipped
		// shorthand (a clinic's own list lives in its store).
		books, err := codes.Indexes()
		if err != nil {
			return err
		}
		sr.Indexes, sr.Shorthand = books, coding.Defaults()
	}
	hits := sr.Search(q, *limit)
	if len(hits) == 0 {
		fmt.Fprintln(env.Stderr, "No code matches.")
		return nil
	}
	for _, h := range hits {
		code := h.Code.Code
		switch {
		case h.Missing:
			code = "✗ " + code
		case h.Prefix != "":
			code = h.Prefix + "…"
		}
		line := code + "\t" + h.Code.Title
		if h.Path != "" {
			line += "\t[" + h.Path + "]"
		}
		fmt.Fprintln(env.Stdout, line)
	}
	return nil
}
