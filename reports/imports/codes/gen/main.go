// Command gen builds Dossier's embedded code sets from the CMS releases.
// It is run by hand when a new release is adopted, never by go generate or
// the build:
//
//	go run ./reports/imports/codes/gen \
//	    -cm-order   /path/icd10cm-order-2021.txt \
//	    -cm-tabular /path/icd10cm-tabular-2021.xml \
//	    -pcs        /path/icd10pcs-tables-2020.xml \
//	    -out        assets/codes
//
// It writes icd10cm-<version>.tsv.gz and icd10pcs-<version>.tsv.gz in the
// line format of dossier/model/coding. Update the file names in codes.go
// when the versions change. It uses the same importer as the Code sets
// screen (dossier/reports/imports/codes), so a shipped set and an imported one
// are checked row by row alike; being a build tool, not part of the binary,
// it lives beside the importer it uses.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"dossier/model/coding"
	"dossier/reports/imports/codes"
)

// buildIndexes writes index-<kind>-<version>.tsv.gz for each book.
func buildIndexes(dir, pcs, version, out string) {
	books := []struct {
		file string
		kind coding.IndexKind
	}{
		{"icd10cm-index-" + version + "-derived.csv", coding.DiseaseIndex},
		{"icd-10-cm-drug-" + version + ".xml", coding.DrugTable},
		{"icd-10-cm-neoplasm-" + version + ".xml", coding.NeoplasmTable},
		{"icd-10-cm-eindex-" + version + ".xml", coding.ExternalIndex},
		{pcs, coding.ProcedureIndex},
	}
	for _, b := range books {
		path := b.file
		if b.kind != coding.ProcedureIndex {
			path = filepath.Join(dir, b.file)
		} else if path == "" {
			continue
		}
		f, err := os.Open(path)
		if err != nil {
			log.Fatal(err)
		}
		var data []byte
		var ix *coding.Index
		if b.kind == coding.DiseaseIndex {
			data, ix, err = codes.ImportDerivedIndexCSV(f, version)
		} else {
			data, ix, err = codes.ImportIndex(f, b.kind, version)
		}
		f.Close()
		if err != nil {
			log.Fatalf("gen: %s: %v", path, err)
		}
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		if _, err := io.Copy(zw, bytes.NewReader(data)); err != nil {
			log.Fatal(err)
		}
		zw.Close()
		name := filepath.Join(out, "index-"+b.kind.String()+"-"+version+".tsv.gz")
		if err := os.WriteFile(name, z.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d rows, %d bytes\n", name, len(ix.Rows), z.Len())
	}
}

func main() {
	order := flag.String("cm-order", "", "ICD-10-CM order file (fixed width)")
	tabular := flag.String("cm-tabular", "", "ICD-10-CM tabular list XML")
	pcs := flag.String("pcs", "", "ICD-10-PCS tables XML")
	cmVersion := flag.String("cm-version", "2021", "ICD-10-CM release")
	pcsVersion := flag.String("pcs-version", "2020", "ICD-10-PCS release")
	out := flag.String("out", "assets/codes", "output folder")
	indexDir := flag.String("cm-index", "", "folder of the ICD-10-CM FY index files (derived index CSV, drug, neoplasm and eindex XML); builds the books only")
	pcsIndex := flag.String("pcs-index", "", "ICD-10-PCS Index XML (with -cm-index)")
	indexVersion := flag.String("index-version", "2025", "the indexes' release")
	flag.Parse()
	if *indexDir != "" {
		buildIndexes(*indexDir, *pcsIndex, *indexVersion, *out)
		return
	}
	if *order == "" || *tabular == "" || *pcs == "" {
		log.Fatal("gen: -cm-order, -cm-tabular and -pcs are all required")
	}
	tab, err := os.Open(*tabular)
	if err != nil {
		log.Fatal(err)
	}
	defer tab.Close()
	build(*order, filepath.Join(*out, "icd10cm-"+*cmVersion+".tsv.gz"),
		codes.Options{Format: codes.CMSOrder, Name: "ICD-10-CM", Version: *cmVersion, Tabular: tab})
	build(*pcs, filepath.Join(*out, "icd10pcs-"+*pcsVersion+".tsv.gz"),
		codes.Options{Format: codes.CMSPCSTables, Name: "ICD-10-PCS", Version: *pcsVersion})
}

// build imports one CMS file and writes the compressed set, refusing a
// file with any bad row as the Code sets screen does.
func build(in, out string, opt codes.Options) {
	f, err := os.Open(in)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	data, set, rowErrs, err := codes.Import(f, opt)
	for _, re := range rowErrs {
		fmt.Fprintf(os.Stderr, "%s: %s\n", filepath.Base(in), re.String())
	}
	if err != nil {
		log.Fatalf("gen: %s: %v", in, err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d codes, %d bytes\n", out, set.Len(), len(data))
}
