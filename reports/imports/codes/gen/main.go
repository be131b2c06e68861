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
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"dossier/reports/imports/codes"
)

func main() {
	order := flag.String("cm-order", "", "ICD-10-CM order file (fixed width)")
	tabular := flag.String("cm-tabular", "", "ICD-10-CM tabular list XML")
	pcs := flag.String("pcs", "", "ICD-10-PCS tables XML")
	cmVersion := flag.String("cm-version", "2021", "ICD-10-CM release")
	pcsVersion := flag.String("pcs-version", "2020", "ICD-10-PCS release")
	out := flag.String("out", "assets/codes", "output folder")
	flag.Parse()
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
