package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"dossier/model"
	"dossier/model/coding"
	codeimport "dossier/reports/imports/codes"
)

// runCodesImport is "dossier codes import": check a code-set file row by
// row and, only when every row is good, install it in the store.
func runCodesImport(env *Env, g *globals, args []string) error {
	fs := newFlags(env, "codes import")
	format := fs.String("format", "", "cms-cm-order, cms-pcs-tables, who-claml, icd11-mms, icpc2, csv, or an index: cms-index-disease, -drug, -neoplasm, -external, -pcs (default: guessed from the file)")
	name := fs.String("name", "", `the system's name, e.g. "ICD-10-CM", "ICPC-2", "Clinic list"`)
	version := fs.String("version", "", "the release, e.g. 2026")
	tabular := fs.String("tabular", "", "with cms-cm-order: the tabular list XML (notes, 7th characters)")
	mapping := fs.String("map", "", "with csv: column=field pairs, fields code, title, parent, billable")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("name one code-set file: dossier codes import --name N --version V FILE")
	}
	path := fs.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if kind, ok := codeimport.IndexFormats[*format]; ok || *format == "" {
		if detected, isIndex := codeimport.DetectIndex(data[:min(len(data), 4096)]); isIndex && (!ok || detected == kind) {
			return installIndex(env, g, path, data, detected, *version)
		} else if ok {
			return fmt.Errorf("%s is not the %s", filepath.Base(path), kind.Title())
		}
	}
	f := codeimport.Format(*format)
	if f == "" {
		if f = codeimport.Detect(filepath.Base(path), data[:min(len(data), 4096)]); f == "" {
			return fmt.Errorf("%s is not a code-set file Dossier recognises: give --format", filepath.Base(path))
		}
	}
	opt := codeimport.Options{Format: f, Name: *name, Version: *version, FileName: filepath.Base(path)}
	if *mapping != "" {
		if opt.Mapping, err = codeimport.ParseMapping(*mapping); err != nil {
			return err
		}
	}
	if *tabular != "" {
		tf, err := os.Open(*tabular)
		if err != nil {
			return fmt.Errorf("read the tabular list: %w", err)
		}
		defer tf.Close()
		opt.Tabular = tf
	}
	packed, set, rowErrs, err := codeimport.Import(bytes.NewReader(data), opt)
	for _, re := range rowErrs {
		fmt.Fprintf(env.Stderr, "%s: %s\n", filepath.Base(path), re.String())
	}
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was installed", filepath.Base(path), err)
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := sess.CodeSets().Install(model.CodeSet{Name: opt.Name, Version: opt.Version, Format: string(f), Codes: set.Len(), Data: packed}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Installed %s %s: %d codes from %s (%s).\n", opt.Name, opt.Version, set.Len(), filepath.Base(path), f)
	return nil
}

// installIndex imports an official index XML file (Alphabetic Index,
// Table of Drugs, Neoplasm Table, External Cause Index, PCS Index) and
// installs the book, as the Code sets screen does.
func installIndex(env *Env, g *globals, path string, data []byte, kind coding.IndexKind, version string) error {
	packed, ix, err := codeimport.PackIndex(bytes.NewReader(data), kind, version)
	if err != nil {
		return fmt.Errorf("%s: %w; nothing was installed", filepath.Base(path), err)
	}
	s, sess, err := signIn(env, g)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := sess.CodeSets().InstallIndex(kind, ix.Version, len(ix.Rows), packed); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Installed the %s %s: %d lines from %s.\n", kind.Title(), ix.Version, len(ix.Rows), filepath.Base(path))
	return nil
}
