package assets

import (
	"bytes"
	"testing"

	"dossier/model/dhis2"
)

// The example shipped must import as it is.
func TestExampleReturnDefinitionImports(t *testing.T) {
	d, err := dhis2.ParseDefinition(bytes.NewReader(ExampleReturnDefinition))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Rows) < 20 {
		t.Fatalf("the example has %d rows", len(d.Rows))
	}
}
