package cli

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
)

// importers are the kinds of `dossier import KIND …`, each in its own file.
var importers = map[string]struct {
	args, help string
	run        func(env *Env, g *globals, args []string) error
}{
	"fhir":     {"FILE… [--dry-run]", "bring FHIR R4 Bundles or NDJSON in (patients matched against the index; a preview with --dry-run)", runImportFHIR},
	"hl7":      {"FILE… [--dry-run]", "apply HL7 v2 messages (ADT, ORU^R01; single, several, FHS/BHS batches)", runImportHL7},
	"register": {"--csv FILE [--map col=field,…] [--dry-run] [--accept-broken]", "bring an old patient register (CSV) in, with duplicate checks", runImportRegister},
}

func runImport(env *Env, g *globals, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		importUsage(env.Stdout)
		return nil
	}
	imp, ok := importers[args[0]]
	if !ok {
		importUsage(env.Stderr)
		return fmt.Errorf("unknown import %q", args[0])
	}
	return imp.run(env, g, args[1:])
}

func importNames() string {
	var names []string
	for n := range importers {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, "|")
}

func importUsage(w io.Writer) {
	var names []string
	for n := range importers {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(w, "  dossier import %s %s\n      %s\n", n, importers[n].args, importers[n].help)
	}
}

// splitFlags separates flags from file names so both orders work
// ("FILE --dry-run" and "--dry-run FILE"); valued names a flag that takes
// a value.
func splitFlags(args []string, valued ...string) (flags, files []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			files = append(files, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if slices.Contains(valued, name) && !strings.Contains(a, "=") && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, files
}
